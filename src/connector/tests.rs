use super::*;
use crate::directory::DirectoryDoc;
use serde_json::{json, Value};

const SMALL: &str = include_str!("../../examples/standin/deployment-small.json");
const HAND: &str = include_str!("../../examples/standin/deployment-small.directory.json");

fn small() -> Value {
    serde_json::from_str(SMALL).unwrap()
}

fn mapped(v: &Value) -> Result<DirectoryDoc, ConnectorError> {
    directory_doc(&v.to_string())
}

fn issues(v: &Value) -> Vec<(Option<usize>, String, String, String)> {
    match directory(&v.to_string()) {
        Ok(_) => Vec::new(),
        Err(e) => e.0.into_iter().map(|i| (i.org, i.endpoint, i.path, i.message)).collect(),
    }
}

#[test]
fn small_deployment_maps_to_the_hand_written_directory() {
    let doc = mapped(&small()).unwrap();
    let hand: DirectoryDoc = crate::json::from_str(HAND).unwrap();
    for (a, b) in doc.orgs.iter().zip(&hand.orgs) {
        assert_eq!(a, b, "org {}", a.id);
    }
    assert_eq!(doc, hand);
    directory(SMALL).unwrap();
}
