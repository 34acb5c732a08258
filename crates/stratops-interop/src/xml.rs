//! A small element tree built iteratively from quick-xml events, and the
//! escaping helper of the writer.
//!
//! MSPDI has no mixed content and no attributes that matter, so a node is a
//! local name, its text and its children. The builder never recurses: it
//! keeps an explicit stack and refuses documents nested deeper than
//! [`MAX_DEPTH`] (MSPDI itself never goes past 8 levels).

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;
use quick_xml::Reader;

use crate::err;
use stratops::Error;

/// The deepest element nesting accepted. Real MSPDI files nest at most 8
/// levels (Project > Calendars > Calendar > WeekDays > WeekDay >
/// WorkingTimes > WorkingTime > FromTime).
pub const MAX_DEPTH: usize = 64;

/// One element.
#[derive(Debug, Clone)]
pub struct Node {
    /// The local name (any namespace prefix removed).
    pub name: String,
    /// The concatenated text and CDATA content.
    pub text: String,
    /// Indices of the child elements, in document order.
    pub children: Vec<usize>,
    /// Byte offset of the start tag, for error lines.
    pub pos: usize,
}

/// An element tree: `nodes[0]` is the root.
#[derive(Debug)]
pub struct Tree<'a> {
    /// Every element, in document order.
    pub nodes: Vec<Node>,
    src: &'a str,
}

/// The 1-based line and column of a byte offset.
pub fn line_col(src: &str, pos: usize) -> (usize, usize) {
    let pos = pos.min(src.len());
    let before = src.as_bytes().get(..pos).unwrap_or_default();
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = match before.iter().rposition(|&b| b == b'\n') {
        Some(nl) => pos - nl,
        None => pos + 1,
    };
    (line, col)
}

impl<'a> Tree<'a> {
    /// Parses `src` into a tree.
    pub fn parse(src: &'a str) -> Result<Tree<'a>, Error> {
        let mut reader = Reader::from_str(src);
        let mut nodes: Vec<Node> = Vec::new();
        let mut stack: Vec<usize> = Vec::new();
        let mut root_done = false;
        let syntax = |pos: u64, msg: String| {
            let (line, column) = line_col(src, pos as usize);
            err("xml_syntax", msg, line, column, "")
        };
        loop {
            let before = reader.buffer_position();
            let ev = match reader.read_event() {
                Ok(ev) => ev,
                Err(e) => {
                    return Err(syntax(
                        reader.error_position(),
                        format!("malformed XML: {e}"),
                    ))
                }
            };
            match ev {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let empty = matches!(ev, Event::Empty(_));
                    if stack.is_empty() && root_done {
                        return Err(syntax(before, "more than one root element".into()));
                    }
                    if stack.len() >= MAX_DEPTH {
                        let (line, column) = line_col(src, before as usize);
                        return Err(err(
                            "xml_too_deep",
                            format!("elements are nested more than {MAX_DEPTH} levels deep"),
                            line,
                            column,
                            "",
                        ));
                    }
                    let local = e.local_name();
                    let mut name = AsRef::<str>::as_ref(&local).to_string();
                    if name.is_empty() {
                        // Not namespace-well-formed (`<a:/>`): keep the full name.
                        name = AsRef::<str>::as_ref(&e.name()).to_string();
                    }
                    let idx = nodes.len();
                    nodes.push(Node {
                        name,
                        text: String::new(),
                        children: Vec::new(),
                        pos: before as usize,
                    });
                    if let Some(&parent) = stack.last() {
                        nodes[parent].children.push(idx);
                    }
                    if empty {
                        if stack.is_empty() {
                            root_done = true;
                        }
                    } else {
                        stack.push(idx);
                    }
                }
                Event::End(_) => {
                    stack.pop();
                    if stack.is_empty() {
                        root_done = true;
                    }
                }
                Event::Text(t) => {
                    let s = t.xml10_content();
                    match stack.last() {
                        Some(&top) => nodes[top].text.push_str(&s),
                        None if s.trim().is_empty() => {}
                        None => return Err(syntax(before, "text outside the root element".into())),
                    }
                }
                Event::CData(t) => {
                    let s = t.xml10_content();
                    match stack.last() {
                        Some(&top) => nodes[top].text.push_str(&s),
                        None => {
                            return Err(syntax(before, "CDATA outside the root element".into()))
                        }
                    }
                }
                Event::GeneralRef(r) => {
                    let resolved: String = match r.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        Ok(None) => {
                            let name = r.xml10_content();
                            match resolve_predefined_entity(&name) {
                                Some(s) => s.to_string(),
                                None => {
                                    return Err(syntax(before, format!("unknown entity &{name};")))
                                }
                            }
                        }
                        Err(e) => {
                            return Err(syntax(before, format!("bad character reference: {e}")))
                        }
                    };
                    match stack.last() {
                        Some(&top) => nodes[top].text.push_str(&resolved),
                        None => {
                            return Err(syntax(before, "reference outside the root element".into()))
                        }
                    }
                }
                Event::Eof => {
                    if !stack.is_empty() {
                        return Err(syntax(
                            src.len() as u64,
                            "unexpected end of document: an element is not closed".into(),
                        ));
                    }
                    if nodes.is_empty() {
                        return Err(syntax(0, "the document has no root element".into()));
                    }
                    break;
                }
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
            }
        }
        Ok(Tree { nodes, src })
    }

    /// The node at `idx`.
    pub fn node(&self, idx: usize) -> &Node {
        &self.nodes[idx]
    }

    /// The 1-based line and column of a node's start tag.
    pub fn line_col(&self, idx: usize) -> (usize, usize) {
        line_col(self.src, self.nodes[idx].pos)
    }

    /// The children of `idx` named `name`.
    pub fn children_named<'s>(
        &'s self,
        idx: usize,
        name: &'s str,
    ) -> impl Iterator<Item = usize> + 's {
        self.nodes[idx]
            .children
            .iter()
            .copied()
            .filter(move |&c| self.nodes[c].name == name)
    }

    /// The first child of `idx` named `name`.
    pub fn child(&self, idx: usize, name: &str) -> Option<usize> {
        self.children_named(idx, name).next()
    }

    /// The trimmed text of the first child named `name`.
    pub fn child_text(&self, idx: usize, name: &str) -> Option<&str> {
        self.child(idx, name).map(|c| self.nodes[c].text.trim())
    }
}

/// Escapes text for element content.
pub fn escape(s: &str) -> std::borrow::Cow<'_, str> {
    quick_xml::escape::escape(s)
}
