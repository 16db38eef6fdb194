//! A full consistency check of a workspace: every rule and every index. The crash test runs it after each SIGKILL;
//! the app can run it on demand ("check workspace").

use std::collections::{HashMap, HashSet};

use crate::error::Result;
use crate::model::*;
use crate::store::*;

fn id_of(k: &[u8]) -> Option<Id> {
    <[u8; 8]>::try_from(k.get(..8)?)
        .ok()
        .map(u64::from_be_bytes)
}

impl Store {
    /// Checks every rule and index; returns the problems found, empty for a healthy workspace.
    pub fn check(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let docs: HashMap<Id, Document> =
            self.documents()?.into_iter().map(|d| (d.id, d)).collect();
        for d in docs.values() {
            for v in &d.versions {
                if self
                    .tree(VERSIONS)?
                    .get(version_key(d.id, v.number))?
                    .is_none()
                {
                    problems.push(format!(
                        "document {} has no text for version {}",
                        d.id, v.number
                    ));
                }
            }
        }
        let mut citations: HashMap<Id, Citation> = HashMap::new();
        for v in self.tree(CITATIONS)?.iter().values() {
            let c: Citation = decode(&v?)?;
            citations.insert(c.id, c);
        }
        let snapshots: HashSet<Id> = self
            .tree(SNAPSHOTS)?
            .iter()
            .keys()
            .filter_map(|k| k.ok().and_then(|k| id_of(&k)))
            .collect();
        let mut claims: HashMap<Id, Claim> = HashMap::new();
        for v in self.tree(CLAIMS)?.iter().values() {
            let c: Claim = decode(&v?)?;
            claims.insert(c.id, c);
        }
        for c in claims.values() {
            if !docs.contains_key(&c.document) {
                problems.push(format!(
                    "claim {} belongs to missing document {}",
                    c.id, c.document
                ));
            }
            match self.tree(DOC_CLAIMS)?.get(pair_key(c.document, c.id))? {
                Some(v) if v.as_ref() == index_value(c).as_slice() => {}
                Some(_) => {
                    problems.push(format!("claim {}'s index entry has a stale status", c.id))
                }
                None => problems.push(format!(
                    "claim {} is missing from its document's index",
                    c.id
                )),
            }
            let mut stances = Vec::new();
            for cid in &c.citations {
                match citations.get(cid) {
                    Some(cit) if cit.claim == c.id => stances.push(cit.stance),
                    Some(_) => problems.push(format!(
                        "claim {} lists citation {} of another claim",
                        c.id, cid
                    )),
                    None => problems.push(format!("claim {} lists missing citation {}", c.id, cid)),
                }
            }
            if !rule_holds(c.status, c.status_reason.as_deref(), &stances) {
                problems.push(format!(
                    "claim {} is {} without what the rule requires",
                    c.id, c.status
                ));
            }
        }
        for k in self.tree(DOC_CLAIMS)?.iter().keys() {
            let k = k?;
            let (doc, claim) = (id_of(&k).unwrap_or(0), second_id(&k)?);
            if claims.get(&claim).is_none_or(|c| c.document != doc) {
                problems.push(format!(
                    "document {doc}'s index lists claim {claim}, which is not its claim"
                ));
            }
        }
        for c in citations.values() {
            if !claims
                .get(&c.claim)
                .is_some_and(|cl| cl.citations.contains(&c.id))
            {
                problems.push(format!(
                    "citation {} is not listed by its claim {}",
                    c.id, c.claim
                ));
            }
            if c.snapshot.is_some_and(|s| !snapshots.contains(&s)) {
                problems.push(format!("citation {} refers to a missing snapshot", c.id));
            }
        }
        for &s in &snapshots {
            if self.tree(SNAPSHOT_BODIES)?.get(id_key(s))?.is_none() {
                problems.push(format!("snapshot {s} has no body"));
            }
            let snap = self.snapshot(s)?;
            if self
                .tree(URL_SNAPSHOTS)?
                .get(url_key(&snap.url, s))?
                .is_none()
            {
                problems.push(format!("snapshot {s} is missing from the URL index"));
            }
        }
        let events = self.tree(EVENTS)?;
        for k in self.tree(CLAIM_EVENTS)?.iter().keys() {
            let k = k?;
            let (claim, event) = (id_of(&k).unwrap_or(0), second_id(&k)?);
            match events.get(id_key(event))? {
                Some(v) => {
                    let e: Event = decode(&v)?;
                    if e.claim != Some(claim) {
                        problems.push(format!(
                            "event {event} is indexed under claim {claim} but is not about it"
                        ));
                    }
                }
                None => problems.push(format!(
                    "claim {claim}'s history lists missing event {event}"
                )),
            }
        }
        let link_checks = self.tree(LINK_CHECKS)?;
        let mut indexed = 0usize;
        for v in events.iter().values() {
            let e: Event = decode(&v?)?;
            if let Some((url, record)) = link_check_of(&e) {
                indexed += 1;
                match link_checks.get(link_check_key(url, e.id))? {
                    Some(v) if decode::<LinkCheckRecord>(&v)? == record => {}
                    Some(_) => problems.push(format!(
                        "link check event {} differs from its URL index entry",
                        e.id
                    )),
                    None => problems.push(format!(
                        "link check event {} is missing from the URL index",
                        e.id
                    )),
                }
            }
        }
        if link_checks.len() != indexed {
            problems.push(format!(
                "the link check index has {} entries for {indexed} link check events",
                link_checks.len()
            ));
        }
        for (kind, max) in [
            ("document", docs.keys().max()),
            ("claim", claims.keys().max()),
            ("citation", citations.keys().max()),
            ("snapshot", snapshots.iter().max()),
        ] {
            let counter = self
                .tree(META)?
                .get(format!("seq/{kind}"))?
                .and_then(|b| <[u8; 8]>::try_from(b.as_ref()).ok())
                .map_or(0, u64::from_be_bytes);
            if max.is_some_and(|&m| m > counter) {
                problems.push(format!(
                    "the {kind} counter is behind the largest {kind} id"
                ));
            }
        }
        Ok(problems)
    }
}
