//! The field-level merge of a record changed on two sides from the same version.
//!
//! Records are JSON objects; fields are merged one by one against the base (the version both sides started from):
//! a field only one side changed takes that side's value; a field both changed to the same value is fine; a field
//! both changed differently is a conflict, and the side that was first (`current`) keeps it. Two kinds of field are
//! never in conflict because both changes can be kept: lists of ids that only grow by appending (a claim's
//! `citations`: two editors citing the same claim offline both keep their citation) are merged as the union, and
//! `updated_at` takes the later time.

use serde_json::{Map, Value};

use crate::RecordKind;

/// A merge's result.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeOutcome {
    /// The merged record.
    pub merged: Value,
    /// The fields both sides changed differently; `merged` has the current value for them.
    pub conflicts: Vec<String>,
}

/// Fields that are a set of ids in insertion order: merged as the union.
fn is_id_set(kind: RecordKind, field: &str) -> bool {
    kind == RecordKind::Claim && field == "citations"
}

/// Merges `mine` (changed from `base`) into `current` (also changed from `base`).
///
/// A side that is not an object (a removed record is `null`) is merged as a whole: removal against an edit is a
/// conflict on the field `*`.
pub fn merge(kind: RecordKind, base: &Value, current: &Value, mine: &Value) -> MergeOutcome {
    if mine == base || mine == current {
        return MergeOutcome {
            merged: current.clone(),
            conflicts: Vec::new(),
        };
    }
    if current == base {
        return MergeOutcome {
            merged: mine.clone(),
            conflicts: Vec::new(),
        };
    }
    let (Some(b), Some(c), Some(m)) = (base.as_object(), current.as_object(), mine.as_object())
    else {
        return MergeOutcome {
            merged: current.clone(),
            conflicts: vec!["*".to_string()],
        };
    };
    let mut merged = c.clone();
    let mut conflicts = Vec::new();
    let empty = Value::Null;
    let mut fields: Vec<&String> = m.keys().chain(c.keys()).collect();
    fields.sort();
    fields.dedup();
    for f in fields {
        let bv = b.get(f).unwrap_or(&empty);
        let cv = c.get(f).unwrap_or(&empty);
        let mv = m.get(f).unwrap_or(&empty);
        if mv == bv || mv == cv {
            continue;
        }
        if cv == bv {
            set(&mut merged, f, mv.clone());
        } else if is_id_set(kind, f) {
            set(&mut merged, f, union(cv, mv, bv));
        } else if f == "updated_at" {
            let later = match (cv.as_i64(), mv.as_i64()) {
                (Some(x), Some(y)) if y > x => mv.clone(),
                _ => cv.clone(),
            };
            set(&mut merged, f, later);
        } else {
            conflicts.push(f.clone());
        }
    }
    MergeOutcome {
        merged: Value::Object(merged),
        conflicts,
    }
}

fn set(obj: &mut Map<String, Value>, field: &str, v: Value) {
    obj.insert(field.to_string(), v);
}

/// `current`'s items, then `mine`'s items that are new to both, minus what `mine` removed from `base`.
fn union(current: &Value, mine: &Value, base: &Value) -> Value {
    let items = |v: &Value| v.as_array().cloned().unwrap_or_default();
    let (c, m, b) = (items(current), items(mine), items(base));
    let removed_by_mine: Vec<&Value> = b.iter().filter(|x| !m.contains(x)).collect();
    let mut out: Vec<Value> = c
        .into_iter()
        .filter(|x| !removed_by_mine.contains(&x))
        .collect();
    for x in m {
        if !out.contains(&x) {
            out.push(x);
        }
    }
    Value::Array(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn different_fields_merge() {
        let base = json!({"status": "unsourced", "notes": "", "updated_at": 1});
        let current = json!({"status": "disputed", "notes": "", "updated_at": 5});
        let mine = json!({"status": "unsourced", "notes": "call the ministry", "updated_at": 7});
        let out = merge(RecordKind::Claim, &base, &current, &mine);
        assert!(out.conflicts.is_empty());
        assert_eq!(
            out.merged,
            json!({"status": "disputed", "notes": "call the ministry", "updated_at": 7})
        );
    }

    #[test]
    fn same_field_conflicts_and_first_wins() {
        let base = json!({"status": "unsourced"});
        let current = json!({"status": "disputed"});
        let mine = json!({"status": "verified"});
        let out = merge(RecordKind::Claim, &base, &current, &mine);
        assert_eq!(out.conflicts, vec!["status".to_string()]);
        assert_eq!(out.merged, current);
    }

    #[test]
    fn citations_are_a_union() {
        let base = json!({"citations": [1]});
        let current = json!({"citations": [1, 4294967297u64]});
        let mine = json!({"citations": [1, 8589934593u64]});
        let out = merge(RecordKind::Claim, &base, &current, &mine);
        assert!(out.conflicts.is_empty());
        assert_eq!(
            out.merged,
            json!({"citations": [1, 4294967297u64, 8589934593u64]})
        );
        // A citation removed on my side goes, one added on theirs stays.
        let mine = json!({"citations": []});
        let out = merge(RecordKind::Claim, &base, &current, &mine);
        assert_eq!(out.merged, json!({"citations": [4294967297u64]}));
    }

    #[test]
    fn removal_against_edit_conflicts() {
        let base = json!({"note": ""});
        let current = json!({"note": "theirs"});
        let out = merge(RecordKind::Citation, &base, &current, &Value::Null);
        assert_eq!(out.conflicts, vec!["*".to_string()]);
        assert_eq!(out.merged, current);
    }

    #[test]
    fn desk_floors_never_overlap_and_stay_js_safe() {
        assert_eq!(crate::desk_id_floor(1), 1 << 32);
        assert!(crate::desk_id_floor(crate::MAX_DESK) < (1u64 << 53));
        assert_eq!(
            crate::desk_id_floor(u32::MAX),
            crate::desk_id_floor(crate::MAX_DESK)
        );
    }
}
