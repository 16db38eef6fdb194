//! Claims listed, counted and filtered in pages, so that no response carries a whole 5,000-sentence draft.
//!
//! The protocol: [`Claimdesk::claims_page`] answers a filter ([`ClaimQuery`]) with the number of matches, their
//! status counts, the ordered ids of *all* matches (numbers only: ~25 KB for 5,000) and the [`ClaimView`]s of one
//! window of them. The UI keeps the ids (selection and j/k walk them) and fetches the views of the rows it shows
//! with [`Claimdesk::claims_by_id`]. Fetching by id rather than by offset keeps a window stable after a mark: the
//! list is not re-filtered when a claim changes (a claim marked verified stays in the "unsourced" list until the
//! filter changes), so a later offset query could disagree with the ids the UI holds. The draft view needs every
//! sentence's span and status but none of the rest: [`Claimdesk::claim_marks`].

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::offsets::Utf16Map;
use crate::{claim_view, store, u16_offset};
use crate::{ApiError, ApiResult, ClaimStatus, ClaimView, Claimdesk, StatusCounts};

/// The most [`ClaimView`]s one response carries.
pub const MAX_PAGE: u32 = 500;

/// The page `open_document` and `paste_draft` send: a few screens of rows, the rest is fetched as the list scrolls.
pub const FIRST_PAGE: u32 = 200;

/// The claims-panel filters. The default is the panel's default: check-worthy claims only, no other filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ClaimQuery {
    /// Text search: case-insensitive substring of the sentence, surrounding whitespace ignored; empty matches all.
    pub text: String,
    /// Only claims with this status; `null` for any.
    pub status: Option<ClaimStatus>,
    /// Only claims of this kind (e.g. `statistic`); empty for any.
    pub kind: String,
    /// Only stale or orphaned claims.
    pub stale: bool,
    /// Only claims resting on an unnamed source.
    pub unnamed: bool,
    /// Only opinions.
    pub opinion: bool,
    /// Every sentence, not only the check-worthy ones.
    pub all_sentences: bool,
    /// Only claims assigned to this team member ("mine": the desk's own member name); `null` for any.
    pub assignee: Option<String>,
}

/// One window of the claims matching a [`ClaimQuery`], with what the whole list needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ClaimPage {
    /// Number of claims matching the query.
    pub total: u32,
    /// Status counts of the matching claims.
    pub counts: StatusCounts,
    /// Index of `claims[0]` among the matches (the requested offset, clamped to `total`).
    pub offset: u32,
    /// Ids of every matching claim, in text order (orphans last).
    #[ts(type = "number[]")]
    pub ids: Vec<u64>,
    /// The matches from `offset`, at most the requested limit.
    pub claims: Vec<ClaimView>,
}

/// A sentence as the draft view marks it inline: its span and status, nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ClaimMark {
    /// Claim id.
    #[ts(type = "number")]
    pub id: u64,
    /// Start in the document text, UTF-16 code units.
    pub start: u32,
    /// End (exclusive) in the document text, UTF-16 code units.
    pub end: u32,
    /// Verification status.
    pub status: ClaimStatus,
    /// Whether the sentence counts as a claim.
    pub checkworthy: bool,
    /// The text changed since the claim was checked.
    pub stale: bool,
    /// No longer in the draft.
    pub orphan: bool,
    /// The sentence text, for orphans only: they have no span in the current text to take it from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub text: Option<String>,
}

impl ClaimQuery {
    /// Whether `c` passes every filter. The same semantics as the panel had when it filtered in TypeScript
    /// (`c.text.toLowerCase().includes(query.trim().toLowerCase())` and so on), so the list did not change.
    pub fn matches(&self, c: &store::Claim) -> bool {
        self.matches_with(c, &self.needle())
    }

    /// The search text as compared: trimmed and lower-cased once per query, not once per claim.
    fn needle(&self) -> String {
        js_trim(&self.text).to_lowercase()
    }

    fn matches_with(&self, c: &store::Claim, needle: &str) -> bool {
        (self.all_sentences || c.checkworthy)
            && self.status.is_none_or(|s| c.status == s)
            && (!self.stale || c.stale || c.orphan)
            && (!self.unnamed || c.detection.unnamed_source)
            && (!self.opinion || c.detection.opinion)
            && (self.kind.is_empty() || c.detection.kinds.contains(&self.kind))
            && (needle.is_empty() || c.text.to_lowercase().contains(needle))
            && self
                .assignee
                .as_deref()
                .is_none_or(|a| c.assignee.as_deref() == Some(a))
    }
}

/// JavaScript's `String.prototype.trim`: its whitespace is Unicode `White_Space` plus U+FEFF, minus U+0085, which
/// JavaScript does not count. Rust's `trim` differs in exactly those two, and a query must match as it did in the UI.
fn js_trim(s: &str) -> &str {
    s.trim_matches(|c: char| (c.is_whitespace() && c != '\u{85}') || c == '\u{feff}')
}

fn check_limit(limit: u32, what: &str) -> ApiResult<()> {
    if limit > MAX_PAGE {
        return Err(ApiError::invalid(format!(
            "At most {MAX_PAGE} claims are sent at once; {limit} {what} were asked for."
        )));
    }
    Ok(())
}

fn count(counts: &mut StatusCounts, s: ClaimStatus) {
    match s {
        ClaimStatus::Unsourced => counts.unsourced += 1,
        ClaimStatus::Verified => counts.verified += 1,
        ClaimStatus::Disputed => counts.disputed += 1,
    }
}

fn u32_len(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Filters `claims` (already in text order) and cuts one window of views. `limit` must be checked by the caller.
pub(crate) fn page_of(
    claims: &[store::Claim],
    query: &ClaimQuery,
    offset: u32,
    limit: u32,
    map: &Utf16Map,
) -> ClaimPage {
    let needle = query.needle();
    let mut counts = StatusCounts::default();
    let matching: Vec<&store::Claim> = claims
        .iter()
        .filter(|c| query.matches_with(c, &needle))
        .inspect(|c| count(&mut counts, c.status))
        .collect();
    let start = usize::try_from(offset)
        .unwrap_or(usize::MAX)
        .min(matching.len());
    let take = usize::try_from(limit).unwrap_or(0);
    ClaimPage {
        total: u32_len(matching.len()),
        counts,
        offset: u32_len(start),
        ids: matching.iter().map(|c| c.id).collect(),
        claims: matching
            .iter()
            .skip(start)
            .take(take)
            .map(|c| claim_view(c, map))
            .collect(),
    }
}

impl Claimdesk {
    /// The claims of `doc` matching `query`: how many, their status counts, all their ids, and the views of
    /// `limit` (at most [`MAX_PAGE`]) of them from `offset` (clamped to the number of matches).
    pub fn claims_page(
        &self,
        doc: u64,
        query: &ClaimQuery,
        offset: u32,
        limit: u32,
    ) -> ApiResult<ClaimPage> {
        check_limit(limit, "claims")?;
        let d = self.store.document(doc)?;
        // A status filter reads the status index, so only the claims with that status are decoded.
        let claims = match query.status {
            Some(s) => self.store.claims_with_status(doc, s)?,
            None => self.store.claims(doc)?,
        };
        let text = self.document_text(&d)?;
        Ok(page_of(
            &claims,
            query,
            offset,
            limit,
            &Utf16Map::new(&text),
        ))
    }

    /// The views of the claims `ids` of `doc`, in the order asked (at most [`MAX_PAGE`]): the rows the list shows.
    pub fn claims_by_id(&self, doc: u64, ids: &[u64]) -> ApiResult<Vec<ClaimView>> {
        check_limit(u32_len(ids.len()), "claims")?;
        let d = self.store.document(doc)?;
        let text = self.document_text(&d)?;
        let map = Utf16Map::new(&text);
        ids.iter()
            .map(|&id| {
                let c = self.store.claim(id)?;
                if c.document != doc {
                    return Err(ApiError::invalid(format!(
                        "Claim {id} belongs to another document."
                    )));
                }
                Ok(claim_view(&c, &map))
            })
            .collect()
    }

    /// Every sentence of `doc` as the draft view marks it, in text order (orphans last, with their text).
    pub fn claim_marks(&self, doc: u64) -> ApiResult<Vec<ClaimMark>> {
        let d = self.store.document(doc)?;
        let claims = self.store.claims(doc)?;
        let text = self.document_text(&d)?;
        let map = Utf16Map::new(&text);
        Ok(claims
            .iter()
            .map(|c| ClaimMark {
                id: c.id,
                start: u16_offset(&map, c.anchor.start),
                end: u16_offset(&map, c.anchor.end),
                status: c.status,
                checkworthy: c.checkworthy,
                stale: c.stale,
                orphan: c.orphan,
                text: c.orphan.then(|| c.text.clone()),
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    //! The cases of the UI's old `filters.test.ts`, ported: the facade must filter exactly as the panel did.
    use super::*;

    struct Over {
        status: ClaimStatus,
        kinds: &'static [&'static str],
        checkworthy: bool,
        text: Option<&'static str>,
        stale: bool,
        unnamed: bool,
        orphan: bool,
        opinion: bool,
    }

    const BASE: Over = Over {
        status: ClaimStatus::Unsourced,
        kinds: &[],
        checkworthy: true,
        text: None,
        stale: false,
        unnamed: false,
        orphan: false,
        opinion: false,
    };

    fn claim(id: u64, o: Over) -> store::Claim {
        store::Claim {
            id,
            document: 1,
            text: o
                .text
                .map_or_else(|| format!("Claim number {id}"), str::to_string),
            anchor: store::Anchor::default(),
            detection: store::Detection {
                kinds: o.kinds.iter().map(|k| k.to_string()).collect(),
                unnamed_source: o.unnamed,
                opinion: o.opinion,
                checkworthy: o.checkworthy,
                ..Default::default()
            },
            checkworthy: o.checkworthy,
            status: o.status,
            status_reason: None,
            stale: o.stale,
            previous_text: None,
            orphan: o.orphan,
            notes: String::new(),
            assignee: None,
            citations: Vec::new(),
            created_at: 0,
            updated_at: 0,
        }
    }

    fn claims() -> Vec<store::Claim> {
        vec![
            claim(1, BASE),
            claim(
                2,
                Over {
                    status: ClaimStatus::Disputed,
                    kinds: &["statistic"],
                    ..BASE
                },
            ),
            claim(
                3,
                Over {
                    checkworthy: false,
                    text: Some("Plain sentence"),
                    ..BASE
                },
            ),
            claim(
                4,
                Over {
                    stale: true,
                    unnamed: true,
                    text: Some("Officials said the plant closed"),
                    ..BASE
                },
            ),
            claim(
                5,
                Over {
                    orphan: true,
                    opinion: true,
                    ..BASE
                },
            ),
        ]
    }

    fn ids(q: ClaimQuery) -> Vec<u64> {
        let claims = claims();
        let page = page_of(&claims, &q, 0, MAX_PAGE, &Utf16Map::new(""));
        assert_eq!(
            page.ids,
            page.claims.iter().map(|c| c.id).collect::<Vec<_>>()
        );
        page.ids
    }

    #[test]
    fn hides_plain_sentences_unless_asked() {
        assert_eq!(ids(ClaimQuery::default()), [1, 2, 4, 5]);
        let all = ClaimQuery {
            all_sentences: true,
            ..Default::default()
        };
        assert_eq!(ids(all), [1, 2, 3, 4, 5]);
    }

    #[test]
    fn filters_by_status_and_kind() {
        let disputed = ClaimQuery {
            status: Some(ClaimStatus::Disputed),
            ..Default::default()
        };
        assert_eq!(ids(disputed), [2]);
        let stat = ClaimQuery {
            kind: "statistic".into(),
            ..Default::default()
        };
        assert_eq!(ids(stat), [2]);
    }

    #[test]
    fn stale_filter_includes_orphans() {
        let stale = ClaimQuery {
            stale: true,
            ..Default::default()
        };
        assert_eq!(ids(stale), [4, 5]);
    }

    #[test]
    fn flags_and_text_search_combine() {
        let q = |f: fn(&mut ClaimQuery)| {
            let mut q = ClaimQuery::default();
            f(&mut q);
            ids(q)
        };
        assert_eq!(q(|q| q.unnamed = true), [4]);
        assert_eq!(q(|q| q.opinion = true), [5]);
        assert_eq!(q(|q| q.text = "OFFICIALS".into()), [4]);
        assert_eq!(q(|q| q.text = " \u{feff}officials\t".into()), [4]);
        assert_eq!(
            q(|q| {
                q.text = "officials".into();
                q.status = Some(ClaimStatus::Verified);
            }),
            Vec::<u64>::new()
        );
    }

    #[test]
    fn counts_are_of_the_matches_and_offsets_clamp() {
        let claims = claims();
        let map = Utf16Map::new("");
        let page = page_of(&claims, &ClaimQuery::default(), 3, 10, &map);
        assert_eq!((page.total, page.offset, page.claims.len()), (4, 3, 1));
        assert_eq!(
            page.counts,
            StatusCounts {
                unsourced: 3,
                verified: 0,
                disputed: 1
            }
        );
        let past = page_of(&claims, &ClaimQuery::default(), 99, 10, &map);
        assert_eq!((past.offset, past.claims.len()), (4, 0));
        assert!(check_limit(MAX_PAGE + 1, "claims").is_err());
    }
}
