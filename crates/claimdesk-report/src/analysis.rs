//! What every format reports: the summary and the independence groups, computed once per render.

use serde::Serialize;

use crate::error::ReportError;
use crate::independence::independence_groups;
use crate::model::{QuoteMatch, ReportInput, Stance, Status};

/// Claim counts by status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct StatusCounts {
    /// All claims.
    pub total: usize,
    /// Claims with no verdict.
    pub unsourced: usize,
    /// Claims a source supports.
    pub verified: usize,
    /// Claims a source contradicts.
    pub disputed: usize,
}

/// The summary at the top of every report. Claim and source lists are indices into the input's `claims` and
/// `sources`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Summary {
    /// Counts by status.
    pub counts: StatusCounts,
    /// Claims with no verdict, in draft order; listed first because they are the work still to do.
    pub unsourced: Vec<usize>,
    /// Claims a source contradicts.
    pub disputed: Vec<usize>,
    /// Claims whose text changed since their verdict was set.
    pub stale: Vec<usize>,
    /// Claims that a later draft no longer contains.
    pub orphaned: Vec<usize>,
    /// Claims resting on an unnamed source.
    pub unnamed_source: Vec<usize>,
    /// Opinion sentences nobody checked (still unsourced).
    pub opinion_unchecked: Vec<usize>,
    /// Claims with a quotation that was not found in a cited source.
    pub quotes_not_found: Vec<usize>,
    /// Verified claims whose supporting citations all come from one independent source (or copies of it).
    pub single_source_verified: Vec<usize>,
    /// Sources that are gone, changed or redirected elsewhere since they were archived.
    pub sources_gone_or_changed: Vec<usize>,
    /// Sources whose last link check failed for a transient reason.
    pub sources_failing: Vec<usize>,
    /// Sources never link-checked.
    pub sources_unchecked: Vec<usize>,
    /// Citations in total.
    pub citations: usize,
    /// Citations not yet tied to an archived source.
    pub citations_unarchived: usize,
    /// Sources in total.
    pub sources: usize,
    /// Independent sources: near-duplicate copies count once.
    pub independent_sources: usize,
}

/// One list of claims a report calls to the editor's attention.
pub(crate) struct AttentionList<'a> {
    /// The section's heading.
    pub title: &'static str,
    /// Why these claims are listed (the HTML report prints it under the heading).
    pub why: &'static str,
    /// Indices into the input's claims.
    pub claims: &'a [usize],
}

impl Summary {
    /// The claim lists every human-readable report shows, in the order it shows them: one table, so that the HTML
    /// and Markdown reports cannot drift apart in titles or order.
    pub(crate) fn attention_lists(&self) -> [AttentionList<'_>; 8] {
        fn l<'a>(title: &'static str, why: &'static str, claims: &'a [usize]) -> AttentionList<'a> {
            AttentionList { title, why, claims }
        }
        [
            l(
                "Unsourced claims",
                "No source checked yet. These are the work still to do.",
                &self.unsourced,
            ),
            l(
                "Disputed claims",
                "A cited source contradicts the claim.",
                &self.disputed,
            ),
            l(
                "Stale claims",
                "The draft changed under the claim after its status was set; the status may no longer hold.",
                &self.stale,
            ),
            l(
                "Orphaned claims",
                "A later draft no longer contains the claim.",
                &self.orphaned,
            ),
            l(
                "Claims resting on unnamed sources",
                "The claim attributes to an unnamed source.",
                &self.unnamed_source,
            ),
            l(
                "Opinion sentences left unchecked",
                "Read as opinion and never sourced; check that they are presented as opinion.",
                &self.opinion_unchecked,
            ),
            l(
                "Quotations not found in the cited source",
                "A quote check found no match.",
                &self.quotes_not_found,
            ),
            l(
                "Verified on a single independent source",
                "All supporting citations are one source or copies of the same story.",
                &self.single_source_verified,
            ),
        ]
    }

    /// Sources gone, changed or failing since they were cited: the reports' "sources gone or changed" section.
    pub(crate) fn sources_in_trouble(&self) -> Vec<usize> {
        self.sources_gone_or_changed
            .iter()
            .chain(&self.sources_failing)
            .copied()
            .collect()
    }
}

/// Everything derived from the input.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Analysis {
    pub summary: Summary,
    /// Independence groups (see [`independence_groups`]).
    pub groups: Vec<Vec<usize>>,
    /// For each source, the index of its group in `groups`.
    pub group_of: Vec<usize>,
    /// For each claim, the number of distinct independence groups among its supporting citations.
    pub independent_support: Vec<usize>,
    /// For each source, the claims that cite it.
    pub cited_by: Vec<Vec<usize>>,
}

/// Checks the input's internal references so that renderers can index without panicking.
pub(crate) fn validate(input: &ReportInput) -> Result<(), ReportError> {
    for claim in &input.claims {
        for cit in &claim.citations {
            if let Some(s) = cit.source {
                if s >= input.sources.len() {
                    return Err(ReportError::InvalidInput(format!(
                        "citation {:?} of claim {:?} points at source {s}, but there are only {} sources",
                        cit.id,
                        claim.id,
                        input.sources.len()
                    )));
                }
            }
        }
    }
    Ok(())
}

/// Computes the summary and groups.
pub(crate) fn analyse(input: &ReportInput) -> Result<Analysis, ReportError> {
    validate(input)?;
    let groups = independence_groups(&input.sources);
    let mut group_of = vec![0usize; input.sources.len()];
    for (g, members) in groups.iter().enumerate() {
        for &m in members {
            if let Some(slot) = group_of.get_mut(m) {
                *slot = g;
            }
        }
    }
    let mut cited_by: Vec<Vec<usize>> = vec![Vec::new(); input.sources.len()];
    let mut s = Summary {
        sources: input.sources.len(),
        independent_sources: groups.len(),
        ..Summary::default()
    };
    let mut independent_support = Vec::with_capacity(input.claims.len());
    for (i, c) in input.claims.iter().enumerate() {
        s.counts.total += 1;
        match c.status {
            Status::Unsourced => {
                s.counts.unsourced += 1;
                s.unsourced.push(i);
                if c.opinion {
                    s.opinion_unchecked.push(i);
                }
            }
            Status::Verified => s.counts.verified += 1,
            Status::Disputed => {
                s.counts.disputed += 1;
                s.disputed.push(i);
            }
        }
        if c.stale {
            s.stale.push(i);
        }
        if c.orphan {
            s.orphaned.push(i);
        }
        if c.unnamed_source {
            s.unnamed_source.push(i);
        }
        if c.citations.iter().any(|cit| {
            cit.quote_checks
                .iter()
                .any(|q| q.matched == QuoteMatch::NotFound)
        }) {
            s.quotes_not_found.push(i);
        }
        let mut support_groups: Vec<usize> = Vec::new();
        for cit in &c.citations {
            s.citations += 1;
            match cit.source {
                Some(src) => {
                    if let Some(list) = cited_by.get_mut(src) {
                        if list.last() != Some(&i) {
                            list.push(i);
                        }
                    }
                    if cit.stance == Stance::Supports {
                        if let Some(&g) = group_of.get(src) {
                            support_groups.push(g);
                        }
                    }
                }
                None => s.citations_unarchived += 1,
            }
        }
        support_groups.sort_unstable();
        support_groups.dedup();
        if c.status == Status::Verified && support_groups.len() <= 1 {
            s.single_source_verified.push(i);
        }
        independent_support.push(support_groups.len());
    }
    for (i, src) in input.sources.iter().enumerate() {
        use crate::model::LinkHealth;
        if src.link_health.is_gone_or_changed() {
            s.sources_gone_or_changed.push(i);
        } else if src.link_health == LinkHealth::Failing {
            s.sources_failing.push(i);
        } else if src.link_health == LinkHealth::Unchecked {
            s.sources_unchecked.push(i);
        }
    }
    Ok(Analysis {
        summary: s,
        groups,
        group_of,
        independent_support,
        cited_by,
    })
}
