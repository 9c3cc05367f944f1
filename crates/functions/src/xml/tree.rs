//! An XML record as a plain tree (element names, attributes in order, children), read with
//! the same XML parser as the `xpath` functions; what Spark's `StaxXmlParser` walks.

use sxd_document::dom::{ChildOfElement, ChildOfRoot, Element};

/// One element.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Elem {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Elem>,
    /// The element's own text (its text children joined).
    pub text: String,
}

impl Elem {
    /// The text Spark reads as the element's value (`ignoreSurroundingSpaces`).
    pub(crate) fn value(&self) -> &str {
        self.text.trim()
    }
}

fn convert(e: &Element<'_>) -> Elem {
    let mut out = Elem {
        name: e.name().local_part().to_string(),
        attrs: e
            .attributes()
            .iter()
            .filter(|a| a.name().namespace_uri().is_none())
            .map(|a| (a.name().local_part().to_string(), a.value().to_string()))
            .collect(),
        children: Vec::new(),
        text: String::new(),
    };
    for c in e.children() {
        match c {
            ChildOfElement::Element(x) => out.children.push(convert(&x)),
            ChildOfElement::Text(t) => out.text.push_str(t.text()),
            _ => {}
        }
    }
    out
}

/// The root element of an XML text; `None` if it is not well-formed.
pub(crate) fn parse(xml: &str) -> Option<Elem> {
    let package = sxd_document::parser::parse(xml).ok()?;
    let doc = package.as_document();
    doc.root().children().into_iter().find_map(|c| match c {
        ChildOfRoot::Element(e) => Some(convert(&e)),
        _ => None,
    })
}
