//! Resources of an MSPDI export.

use serde_json::{Map, Value};
use stratops::{Resource, ResourceKind};

use super::{element, leftovers, put, s, write_kept, Cx, R};
use crate::{PLACEHOLDER_RESOURCE, RATES_A};

/// Writes `<Resources>`: the kept unnamed placeholder, then the document's.
pub(super) fn write_resources(out: &mut String, cx: &Cx<'_>) -> R<()> {
    out.push_str("\t<Resources>\n");
    if let Some(v) = cx.first.extensions.get(PLACEHOLDER_RESOURCE) {
        write_kept(out, 2, "Resource", v, "resource extensions")?;
    }
    for (i, r) in cx.doc.resources.iter().enumerate() {
        element(out, 2, "Resource", resource(cx, i, r)?)?;
    }
    out.push_str("\t</Resources>\n");
    Ok(())
}

/// The fields of resource `r`, the `i`th: mapped ones merged with its
/// leftovers.
fn resource(cx: &Cx<'_>, i: usize, r: &Resource) -> R<Vec<(String, Value)>> {
    let path = format!("resources[{i}]");
    let mut left = leftovers(&r.extensions);
    let rates_a = left.remove(RATES_A);
    let other_rates = left.remove("Rates");
    let mut e: Vec<(String, Value)> = left.into_iter().collect();
    put(
        &mut e,
        "UID",
        s(cx.uids.res.get(&r.id).copied().unwrap_or(0)),
    );
    put(&mut e, "ID", s(i + 1));
    put(&mut e, "Name", s(&r.name));
    use ResourceKind as K;
    if !e.iter().any(|(k, _)| k == "Type") {
        put(&mut e, "Type", s(if r.kind == K::Material { 0 } else { 1 }));
    }
    // Kept when the import could not map it (a cost resource, Type 2).
    if !e.iter().any(|(k, _)| k == "IsGeneric") {
        put(&mut e, "IsGeneric", s(u8::from(r.kind == K::Role)));
    }
    if let Some(c) = r.capacity {
        put(&mut e, "MaxUnits", s(c));
    }
    if let Some(c) = &r.calendar {
        put(
            &mut e,
            "CalendarUID",
            s(cx.uids.cal_of(c, &format!("{path}.calendar"))?),
        );
    }
    if let Some(m) = &r.email {
        put(&mut e, "EmailAddress", s(m));
    }
    let need_table = r.rates.len() > 1
        || r.rates.iter().any(|x| x.from.is_some())
        || rates_a.is_some()
        || other_rates.is_some();
    // With a rate table, a top-level StandardRate is only what the import
    // kept; without one, it is the single rate.
    if !need_table {
        if let Some(x) = r.rates.first() {
            put(&mut e, "StandardRate", s(x.standard));
        }
    }
    if need_table {
        put(&mut e, "Rates", rate_table(r, rates_a, other_rates));
    }
    Ok(e)
}

/// The `Rates` of a resource: table A from its rates (merged with the kept
/// fields of each), then the kept rates of the other tables.
fn rate_table(r: &Resource, rates_a: Option<Value>, other_rates: Option<Value>) -> Value {
    let extras: Vec<Value> = match rates_a {
        Some(Value::Array(a)) => a,
        _ => vec![],
    };
    let mut list = Vec::new();
    for (k, rate) in r.rates.iter().enumerate() {
        let mut m = match extras.get(k) {
            Some(Value::Object(o)) => o.clone(),
            _ => Map::new(),
        };
        m.entry("RatesFrom").or_insert_with(|| {
            s(rate
                .from
                .map(|d| format!("{d}T00:00:00"))
                .unwrap_or_else(|| "1984-01-01T00:00:00".into()))
        });
        m.entry("RatesTo").or_insert_with(|| {
            s(r.rates
                .get(k + 1)
                .and_then(|n| n.from)
                .map(|d| format!("{d}T00:00:00"))
                .unwrap_or_else(|| "2049-12-31T23:59:00".into()))
        });
        m.insert("RateTable".into(), s(0));
        m.insert("StandardRate".into(), s(rate.standard));
        list.push(Value::Object(m));
    }
    if let Some(Value::Object(o)) = other_rates {
        match o.get("Rate") {
            Some(Value::Array(a)) => list.extend(a.iter().cloned()),
            Some(v) => list.push(v.clone()),
            None => {}
        }
    }
    serde_json::json!({ "Rate": list })
}
