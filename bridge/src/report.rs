//! What the processes tell their operator: one line per action, as text or as JSON (`--json`)
//! for log collectors, and counters in every tick's summary.

use serde_json::{json, Value as Json};

/// Writes progress lines to standard output.
#[derive(Clone, Debug)]
pub struct Report {
	role: &'static str,
	json: bool,
}

impl Report {
	pub fn new(role: &'static str, json: bool) -> Self {
		Self { role, json }
	}

	/// One action or finding: `what` names it, `fields` say the rest.
	pub fn line(&self, what: &str, fields: Json) {
		if self.json {
			let mut line = json!({ "role": self.role, "event": what });
			if let (Some(line), Json::Object(fields)) = (line.as_object_mut(), fields) {
				line.extend(fields);
			}
			println!("{line}");
		} else {
			let rest = match fields {
				Json::Object(fields) => {
					fields.iter().map(|(k, v)| format!("{k}={}", v.as_str().map(str::to_string).unwrap_or(v.to_string()))).collect::<Vec<_>>().join(" ")
				},
				other => other.to_string(),
			};
			println!("[{}] {what} {rest}", self.role);
		}
	}
}
