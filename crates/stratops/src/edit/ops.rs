//! The edit operations and how each changes a document, recording its
//! inverse so that a transaction can be rolled back or undone exactly.

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::kinds::{
    assignment_edit, cost_edit, dependency_edit, progress_edit, resource_edit, task_edit,
};
use crate::model::{Assignment, CostLine, Document, LinkType, Resource, Task};
use crate::values::{Date, Duration, DurationUnit};
use crate::{Error, Model};

/// Defines [`Edit`] (serialised internally tagged, `{"op": ...}`) and its
/// externally tagged twin `Tagged`, which its `Deserialize` reads through.
///
/// serde reads an internally tagged enum by buffering the whole object in
/// its private `Content` tree and deserialising every variant's fields
/// (whole tasks, cost lines, resources) a second time from that tree: a
/// second copy of each entity's `Deserialize` code (most of 137 KB of the
/// wasm package's code) that also read a struct from a JSON array, which
/// the document loader refuses. Through the twin, an edit's entities are
/// read by [`crate::strict::from_str`], the loader's own code, and an edit
/// itself must be an object (serde also read `["removeTask", "a"]`).
macro_rules! edits {
    (
        $(#[$em:meta])*
        pub enum Edit {
            $(
                $(#[$vm:meta])*
                $variant:ident {
                    $( $(#[$fm:meta])* $field:ident : $ty:ty ),* $(,)?
                }
            ),* $(,)?
        }
    ) => {
        $(#[$em])*
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(tag = "op", rename_all = "camelCase")]
        pub enum Edit {
            $( $(#[$vm])* $variant { $( $(#[$fm])* $field: $ty ),* } ),*
        }

        /// [`Edit`] in serde's externally tagged form, `{"addTask": {...}}`.
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        enum Tagged {
            $( $(#[$vm])* $variant { $( $(#[$fm])* $field: $ty ),* } ),*
        }

        impl From<Tagged> for Edit {
            fn from(t: Tagged) -> Edit {
                match t {
                    $( Tagged::$variant { $($field),* } => Edit::$variant { $($field),* } ),*
                }
            }
        }
    };
}

edits! {
/// One edit. In JSON a tagged object: `{"op": "addTask", ...}`; field
/// names are those of the `stratops/1` format. `set` objects carry the
/// fields to change in the entity's own JSON form (`null` removes a field);
/// they may not change an `id`.
pub enum Edit {
    /// Adds a task at the end of a plan (`plan`: default the first plan
    /// with tasks, else the first plan).
    AddTask {
        /// The plan id.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        plan: Option<String>,
        /// The task, as in the file format.
        task: Box<Task>,
    },
    /// Removes a task. Refused (`task_has_dependents`) while other tasks
    /// link to it, unless `remove_links` (their links to it go too), and
    /// (`task_has_children`) while it has children.
    RemoveTask {
        /// The task id.
        id: String,
        /// Also remove the links of other tasks to it.
        #[serde(default)]
        remove_links: bool,
    },
    /// Changes fields of a task.
    UpdateTask {
        /// The task id.
        id: String,
        /// The fields to set.
        set: Map<String, Value>,
    },
    /// Adds a link `predecessor -> successor`.
    AddDependency {
        /// The successor's id.
        successor: String,
        /// The predecessor's id.
        predecessor: String,
        /// `FS` (default), `SS`, `FF` or `SF`.
        #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
        link_type: Option<LinkType>,
        /// The lag.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        lag: Option<Duration>,
    },
    /// Removes the link `predecessor -> successor`.
    RemoveDependency {
        /// The successor's id.
        successor: String,
        /// The predecessor's id.
        predecessor: String,
    },
    /// Changes the type or lag of a link (`lag: null` removes the lag).
    UpdateDependency {
        /// The successor's id.
        successor: String,
        /// The predecessor's id.
        predecessor: String,
        /// The fields to set: `type`, `lag`.
        set: Map<String, Value>,
    },
    /// Records progress: the given fields of the task's `progress` are set
    /// (`null` removes one).
    SetProgress {
        /// The task id.
        id: String,
        /// Percent complete, 0-100 (`null` removes it).
        #[serde(
            default,
            deserialize_with = "present",
            skip_serializing_if = "Option::is_none"
        )]
        percent_complete: Option<Value>,
        /// The actual start (`null` removes it).
        #[serde(
            default,
            deserialize_with = "present",
            skip_serializing_if = "Option::is_none"
        )]
        actual_start: Option<Value>,
        /// The actual finish (`null` removes it).
        #[serde(
            default,
            deserialize_with = "present",
            skip_serializing_if = "Option::is_none"
        )]
        actual_finish: Option<Value>,
        /// The remaining duration (`null` removes it).
        #[serde(
            default,
            deserialize_with = "present",
            skip_serializing_if = "Option::is_none"
        )]
        remaining: Option<Value>,
    },
    /// Sets a KPI's measurement on a date (replacing one on that date).
    SetMeasurement {
        /// The KPI id.
        kpi: String,
        /// The date.
        date: Date,
        /// The value.
        value: f64,
        /// The denominator of a ratio KPI.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        denominator: Option<f64>,
        /// A note.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// Adds a cost line to a plan (default as for `addTask`).
    AddCost {
        /// The plan id.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        plan: Option<String>,
        /// The cost line.
        cost: Box<CostLine>,
    },
    /// Removes a cost line.
    RemoveCost {
        /// The cost line id.
        id: String,
    },
    /// Changes fields of a cost line.
    UpdateCost {
        /// The cost line id.
        id: String,
        /// The fields to set.
        set: Map<String, Value>,
    },
    /// Adds a resource.
    AddResource {
        /// The resource.
        resource: Box<Resource>,
    },
    /// Removes a resource (refused by validation while anything names it).
    RemoveResource {
        /// The resource id.
        id: String,
    },
    /// Changes fields of a resource.
    UpdateResource {
        /// The resource id.
        id: String,
        /// The fields to set.
        set: Map<String, Value>,
    },
    /// Adds an assignment to a task.
    AddAssignment {
        /// The task id.
        task: String,
        /// The assignment.
        assignment: Assignment,
    },
    /// Removes a task's assignment of a resource.
    RemoveAssignment {
        /// The task id.
        task: String,
        /// The resource id.
        resource: String,
    },
    /// Changes fields of a task's assignment of a resource.
    UpdateAssignment {
        /// The task id.
        task: String,
        /// The resource id.
        resource: String,
        /// The fields to set.
        set: Map<String, Value>,
    },
    /// Changes fields of a goal.
    UpdateGoal {
        /// The goal id.
        id: String,
        /// The fields to set.
        set: Map<String, Value>,
    },
}
}

impl<'de> Deserialize<'de> for Edit {
    /// Reads `{"op": "addTask", ...}`: the other fields as their JSON text,
    /// in input order and duplicates kept, then `{"addTask": {...}}` as text
    /// through the strict reader, which refuses a duplicate or unknown field
    /// as the loader does. Errors are those of serde's tagged enums
    /// (`missing field `op``, `unknown variant`, `unknown field`,
    /// `duplicate field`), placed by the caller's parser.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Edit, D::Error> {
        d.deserialize_map(EditVisitor)
    }
}

/// Writes the JSON value it reads as JSON text, keeping what a
/// `serde_json::Value` would merge (a key given twice). Nesting is the
/// caller's parser's, so its depth limit holds; numbers are written as
/// `Value` writes them (the same value read back).
struct Text<'a>(&'a mut String);

impl<'de> serde::de::DeserializeSeed<'de> for Text<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Text<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<(), E> {
        self.0.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<(), E> {
        self.0.push_str(&v.to_string());
        Ok(())
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<(), E> {
        self.0.push_str(&v.to_string());
        Ok(())
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<(), E> {
        self.0.push_str(&Value::from(v).to_string());
        Ok(())
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<(), E> {
        self.0.push_str(&Value::String(v.to_string()).to_string());
        Ok(())
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.0.push_str("null");
        Ok(())
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        self.visit_unit()
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.0.push('[');
        let mut first = true;
        loop {
            let at = self.0.len();
            if !first {
                self.0.push(',');
            }
            if seq.next_element_seed(Text(&mut *self.0))?.is_none() {
                self.0.truncate(at);
                break;
            }
            first = false;
        }
        self.0.push(']');
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.0.push('{');
        let mut first = true;
        while let Some(key) = map.next_key::<String>()? {
            if !first {
                self.0.push(',');
            }
            first = false;
            self.0.push_str(&Value::String(key).to_string());
            self.0.push(':');
            map.next_value_seed(Text(&mut *self.0))?;
        }
        self.0.push('}');
        Ok(())
    }
}

/// The visitor of [`Edit`]'s `Deserialize`.
struct EditVisitor;

impl<'de> serde::de::Visitor<'de> for EditVisitor {
    type Value = Edit;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an edit: an object with an `op`")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Edit, A::Error> {
        use serde::de::Error as _;
        let mut op: Option<String> = None;
        let mut body = String::from("{");
        while let Some(key) = map.next_key::<String>()? {
            if key == "op" {
                if op.is_some() {
                    return Err(A::Error::duplicate_field("op"));
                }
                op = Some(map.next_value()?);
                continue;
            }
            // the field's text, duplicate keys inside it kept for the strict
            // reader to refuse
            if body.len() > 1 {
                body.push(',');
            }
            body.push_str(&Value::String(key).to_string());
            body.push(':');
            map.next_value_seed(Text(&mut body))?;
        }
        let op = op.ok_or_else(|| A::Error::missing_field("op"))?;
        body.push('}');
        let text = format!("{{{}:{body}}}", Value::String(op));
        crate::strict::from_str::<Tagged>(&text)
            .map(Edit::from)
            .map_err(|e| A::Error::custom(crate::strict::message(&e)))
    }
}
/// A field that is present, `null` included (`Some(Value::Null)`); an
/// absent one stays `None` through `default`.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

impl Edit {
    /// The op name, as in JSON.
    pub fn op(&self) -> &'static str {
        match self {
            Edit::AddTask { .. } => "addTask",
            Edit::RemoveTask { .. } => "removeTask",
            Edit::UpdateTask { .. } => "updateTask",
            Edit::AddDependency { .. } => "addDependency",
            Edit::RemoveDependency { .. } => "removeDependency",
            Edit::UpdateDependency { .. } => "updateDependency",
            Edit::SetProgress { .. } => "setProgress",
            Edit::SetMeasurement { .. } => "setMeasurement",
            Edit::AddCost { .. } => "addCost",
            Edit::RemoveCost { .. } => "removeCost",
            Edit::UpdateCost { .. } => "updateCost",
            Edit::AddResource { .. } => "addResource",
            Edit::RemoveResource { .. } => "removeResource",
            Edit::UpdateResource { .. } => "updateResource",
            Edit::AddAssignment { .. } => "addAssignment",
            Edit::RemoveAssignment { .. } => "removeAssignment",
            Edit::UpdateAssignment { .. } => "updateAssignment",
            Edit::UpdateGoal { .. } => "updateGoal",
        }
    }

    /// The task id and new duration when this edit only sets a task's
    /// duration (the fast path: no validation pass, incremental schedule).
    pub(crate) fn duration_only(&self) -> Option<(&str, &Value)> {
        match self {
            Edit::UpdateTask { id, set } if set.len() == 1 => {
                set.get("duration").map(|v| (id.as_str(), v))
            }
            _ => None,
        }
    }
}

/// An entity as it was, to put back.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Entity {
    Task(Box<Task>),
    Cost(Box<CostLine>),
    Resource(Box<Resource>),
    Goal(Box<crate::model::Goal>),
    Kpi(Box<crate::model::Kpi>),
}

/// Where an entity lives: its collection (plan index for plan members)
/// and position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    Task(usize, usize),
    Cost(usize, usize),
    Resource(usize),
    Goal(usize, usize),
    Kpi(usize, usize),
}

/// The inverse of one change.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Inverse {
    /// Put the old entity back in its slot.
    Replace(Slot, Entity),
    /// Re-insert a removed entity at its slot.
    Insert(Slot, Entity),
    /// Remove the entity an edit added.
    Remove(Slot),
}

impl Inverse {
    /// Applies the inverse to the document.
    pub(crate) fn undo(self, doc: &mut Document) {
        match self {
            Inverse::Replace(slot, e) => put(doc, slot, e, false),
            Inverse::Insert(slot, e) => put(doc, slot, e, true),
            Inverse::Remove(slot) => {
                match slot {
                    Slot::Task(p, i) => drop(doc.plans[p].tasks.remove(i)),
                    Slot::Cost(p, i) => drop(doc.plans[p].costs.remove(i)),
                    Slot::Resource(i) => drop(doc.resources.remove(i)),
                    Slot::Goal(p, i) => drop(doc.plans[p].goals.remove(i)),
                    Slot::Kpi(p, i) => drop(doc.plans[p].kpis.remove(i)),
                };
            }
        }
    }
}

pub(super) fn put(doc: &mut Document, slot: Slot, e: Entity, insert: bool) {
    fn at<T>(v: &mut Vec<T>, i: usize, x: T, insert: bool) {
        if insert {
            v.insert(i, x);
        } else {
            v[i] = x;
        }
    }
    match (slot, e) {
        (Slot::Task(p, i), Entity::Task(t)) => at(&mut doc.plans[p].tasks, i, *t, insert),
        (Slot::Cost(p, i), Entity::Cost(c)) => at(&mut doc.plans[p].costs, i, *c, insert),
        (Slot::Resource(i), Entity::Resource(r)) => at(&mut doc.resources, i, *r, insert),
        (Slot::Goal(p, i), Entity::Goal(g)) => at(&mut doc.plans[p].goals, i, *g, insert),
        (Slot::Kpi(p, i), Entity::Kpi(k)) => at(&mut doc.plans[p].kpis, i, *k, insert),
        // slots and entities are recorded together, so they always agree
        _ => {}
    }
}

pub(super) fn err(code: &str, id: &str, message: impl Into<String>) -> Error {
    Error::calc(code, Some(id), message)
}

pub(super) fn unknown(kind: &str, id: &str) -> Error {
    err("unknown_id", id, format!("no {kind} has id {id:?}"))
}

/// Finds tasks by id: through the model's index while the transaction has
/// not added, removed or moved a task, then through a map built once from
/// the document and kept up to date by additions (a removal rebuilds it on
/// the next lookup).
pub(crate) struct Locator<'m> {
    index: &'m crate::Index,
    moved: bool,
    map: Option<HashMap<String, (usize, usize)>>,
}

impl<'m> Locator<'m> {
    pub(crate) fn new(index: &'m crate::Index) -> Locator<'m> {
        Locator {
            index,
            moved: false,
            map: None,
        }
    }

    /// A locator that finds tasks by scanning the document it is given
    /// (for a document the index does not describe).
    pub(crate) fn scanning(index: &'m crate::Index) -> Locator<'m> {
        Locator {
            index,
            moved: true,
            map: None,
        }
    }

    pub(super) fn map(&mut self, doc: &Document) -> &HashMap<String, (usize, usize)> {
        self.map.get_or_insert_with(|| {
            let mut m = HashMap::new();
            for (p, plan) in doc.plans.iter().enumerate() {
                for (i, t) in plan.tasks.iter().enumerate() {
                    m.entry(t.id.clone()).or_insert((p, i));
                }
            }
            m
        })
    }

    pub(super) fn find(&mut self, doc: &Document, id: &str) -> Option<(usize, usize)> {
        if !self.moved {
            let ix = self.index;
            return ix
                .task(id)
                .and_then(|t| ix.tasks.get(t as usize))
                .map(|&(p, i)| (p as usize, i as usize));
        }
        self.map(doc).get(id).copied()
    }

    pub(super) fn task(&mut self, doc: &Document, id: &str) -> Result<(usize, usize), Error> {
        self.find(doc, id).ok_or_else(|| unknown("task", id))
    }

    pub(super) fn added(&mut self, id: &str, p: usize, i: usize) {
        self.moved = true;
        if let Some(m) = &mut self.map {
            m.insert(id.to_string(), (p, i));
        }
    }

    pub(super) fn moved(&mut self) {
        self.moved = true;
        self.map = None;
    }
}

pub(super) fn find_in<T>(
    doc: &Document,
    id: &str,
    of: impl Fn(&crate::model::Plan) -> &[T],
    key: impl Fn(&T) -> &str,
) -> Option<(usize, usize)> {
    doc.plans
        .iter()
        .enumerate()
        .find_map(|(p, plan)| of(plan).iter().position(|x| key(x) == id).map(|i| (p, i)))
}

/// Applies `set` to an entity through its JSON form.
///
/// The entity goes out as the file's text and comes back through the
/// document loader's strict reader ([`crate::strict::from_str`]), not
/// through `serde_json::Value`'s deserializer: one reader per entity type
/// in the program (a patched field obeys exactly the file's rules) and a
/// smaller wasm package. A patch costs a few microseconds of text.
pub(super) fn patch<T: Serialize + DeserializeOwned>(
    entity: &T,
    set: &Map<String, Value>,
    id: &str,
) -> Result<T, Error> {
    if set.contains_key("id") {
        return Err(err("bad_edit", id, "an edit may not change an id"));
    }
    let mut obj = json_object(entity)
        .map_err(|e| err("internal", id, format!("cannot encode {id:?}: {e}")))?;
    for (k, x) in set {
        if x.is_null() {
            obj.remove(k);
        } else {
            obj.insert(k.clone(), x.clone());
        }
    }
    crate::strict::from_str(&Value::Object(obj).to_string()).map_err(|e| {
        err(
            "bad_edit",
            id,
            format!("{id:?}: {}", crate::strict::message(&e)),
        )
    })
}

/// An entity's JSON object, read back from its text as the file writes it
/// (`to_string_pretty`, the writer `Document::to_json` already links).
pub(super) fn json_object<T: Serialize>(entity: &T) -> Result<Map<String, Value>, String> {
    let text = serde_json::to_string_pretty(entity).map_err(|e| e.to_string())?;
    match serde_json::from_str(&text).map_err(|e| e.to_string())? {
        Value::Object(obj) => Ok(obj),
        _ => Err("an entity is not a JSON object".into()),
    }
}

pub(super) fn plan_for(doc: &Document, plan: Option<&str>, what: &str) -> Result<usize, Error> {
    match plan {
        Some(id) => doc
            .plans
            .iter()
            .position(|p| p.id == id)
            .ok_or_else(|| unknown("plan", id)),
        None => doc
            .plans
            .iter()
            .position(|p| !p.tasks.is_empty())
            .or(if doc.plans.is_empty() { None } else { Some(0) })
            .ok_or_else(|| {
                Error::calc(
                    "no_plans",
                    None,
                    format!("there is no plan to add the {what} to"),
                )
            }),
    }
}

/// Applies one edit to `doc`, pushing its inverses. On error nothing of
/// this edit is applied.
pub(crate) fn apply(
    doc: &mut Document,
    edit: &Edit,
    loc: &mut Locator<'_>,
    inv: &mut Vec<Inverse>,
) -> Result<(), Error> {
    match edit {
        Edit::AddTask { .. } | Edit::RemoveTask { .. } | Edit::UpdateTask { .. } => {
            task_edit(doc, edit, loc, inv)
        }
        Edit::AddDependency { .. }
        | Edit::RemoveDependency { .. }
        | Edit::UpdateDependency { .. } => dependency_edit(doc, edit, loc, inv),
        Edit::SetProgress { .. } | Edit::SetMeasurement { .. } => {
            progress_edit(doc, edit, loc, inv)
        }
        Edit::AddCost { .. } | Edit::RemoveCost { .. } | Edit::UpdateCost { .. } => {
            cost_edit(doc, edit, inv)
        }
        Edit::AddResource { .. } | Edit::RemoveResource { .. } | Edit::UpdateResource { .. } => {
            resource_edit(doc, edit, inv)
        }
        Edit::AddAssignment { .. }
        | Edit::RemoveAssignment { .. }
        | Edit::UpdateAssignment { .. }
        | Edit::UpdateGoal { .. } => assignment_edit(doc, edit, loc, inv),
    }
}

/// Parses a duration given in an edit's JSON (`"3d"` or a number of
/// working days) for the fast path; percentages are refused as for tasks.
pub(crate) fn duration_value(v: &Value, id: &str) -> Result<Option<Duration>, Error> {
    if v.is_null() {
        return Ok(None);
    }
    let d: Duration = crate::strict::from_str(&v.to_string()).map_err(|e| {
        err(
            "bad_duration",
            id,
            format!("{id:?}: {}", crate::strict::message(&e)),
        )
    })?;
    if d.unit == DurationUnit::Percent {
        return Err(err(
            "bad_duration_unit",
            id,
            "a percentage is only allowed for lags",
        ));
    }
    Ok(Some(d))
}

/// Whether `model`'s task `id` may take a duration edit on the fast path:
/// a leaf work task whose dates its duration drives (not its assignments:
/// the engine never walks a resource-driven task's duration, so only full
/// validation checks it).
pub(crate) fn fast_task(model: &Model, id: &str) -> Option<u32> {
    let t = model.index().task(id)?;
    let task = model.task(t);
    let driven = task
        .assignments
        .iter()
        .any(|a| a.hours.is_some_and(|h| h > 0.0) && a.units.is_some_and(|u| u > 0.0));
    (!model.index().is_summary(t) && task.kind == crate::model::TaskKind::Task && !driven)
        .then_some(t)
}
