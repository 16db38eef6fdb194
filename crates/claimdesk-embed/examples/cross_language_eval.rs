//! Cross-language retrieval on real pages: the Spanish, French and Portuguese articles of the readability test
//! pages (`$CLAIMDESK_DATA/extraction/readability-pages`: la-nacion, lemonde-1, folha), with English claims that
//! translate one sentence each (15 claims, translated for this set in this session; each names a distinctive
//! substring of the sentence it translates). Both directions, lexical beside hybrid (docs/EVALUATION.md,
//! "Claim memory by meaning"):
//! - English claim → the page's sentences: is the translated sentence the top passage / in the top 5 of the
//!   evidence's ranking (`analyze` vs `analyze_hybrid` with every sentence embedded)?
//! - foreign sentence → the 15 English claims: is its translation ranked first by the claim memory
//!   (`HybridMemory::rank` without vs with vectors)?
//!
//! ```text
//! cargo run --release -p claimdesk-embed --example cross_language_eval
//! ```

use claimdesk_embed::{Encoder, Role};
use claimdesk_evidence::memory::{HybridMemory, MemoryOptions};
use claimdesk_evidence::semantic::{analyze_hybrid, sentence_spans, Embeddings, HybridOptions};
use claimdesk_evidence::{analyze, RankOptions};
use std::error::Error;

type Res<T> = Result<T, Box<dyn Error>>;

/// A page read and embedded once: (name, text, sentence spans, their vectors).
type Page = (&'static str, String, Vec<(usize, usize)>, Vec<Vec<f32>>);

/// (page, English claim, substring of the sentence it translates).
const SET: [(&str, &str, &str); 15] = [
    ("la-nacion", "Abdullah Ocalan, the Kurdish independence leader, landed in Italy in November 1998 and asked for political asylum.", "desembarcó en Italia en noviembre de 1998"),
    ("la-nacion", "Ocalan was captured by Turkish agents in Kenya while trying to board a plane to the Netherlands.", "fue capturado por agentes turcos en Kenia"),
    ("la-nacion", "Since February 1999 he has been held in a maximum-security prison on the Turkish island of Imrali.", "Desde febrero de 1999 permanece"),
    ("la-nacion", "Deporting him would have exposed him to the death penalty, legal in Turkey but unacceptable in the European Union.", "deportarlo lo exponía a la pena de muerte"),
    ("la-nacion", "Indigenous peoples demand rights that remain unfulfilled, so channelling the protest is more efficient than repressing it.", "Los pueblos indígenas reclaman"),
    ("lemonde-1", "The deputies adopted the intelligence bill by a large majority, 438 votes to 86 with 42 abstentions.", "438 contre 86"),
    ("lemonde-1", "The bill will now be examined by the Senate, then by the Constitutional Council.", "Il sera désormais examiné par le Sénat"),
    ("lemonde-1", "François Hollande had announced in advance that he would refer the law to the Constitutional Council.", "François Hollande avait annoncé"),
    ("lemonde-1", "Ten socialist deputies out of 288 and 35 UMP deputies out of 198 voted against.", "Ont voté contre"),
    ("lemonde-1", "Christian Paul, who had been very active in earlier debates on digital freedoms, abstained.", "Christian Paul, qui avait été"),
    ("folha", "After rejecting a meeting of the national team with president-elect Jair Bolsonaro, coach Tite said he was wrong to take the 2012 Copa Libertadores trophy to former president Lula.", "Após rechaçar um encontro"),
    ("folha", "The coach also handed Lula a replica of the trophy.", "entregou uma réplica do troféu"),
    ("folha", "Tite and other Corinthians representatives went to the Lula Institute to show the former president the original Libertadores trophy.", "foram ao Instituto Lula"),
    ("folha", "The president-elect even lifted the trophy won by the club.", "O presidente eleito até levantou a taça"),
    ("folha", "Tite did not question Palmeiras and the CBF, who invited Bolsonaro to the Brazilian championship title party.", "Tite não questionou a ação"),
];

/// The expected main text of a page as plain text (tags dropped, the few entities these pages use decoded).
fn page_text(page: &str) -> Res<String> {
    let data = std::env::var("CLAIMDESK_DATA").unwrap_or_else(|_| "../shared/data".into());
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(data)
        .join("extraction/readability-pages")
        .join(page)
        .join("expected.html");
    let html = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    // Block elements end a paragraph; inline ones (links, emphasis) are dropped inside their sentence.
    let mut out = String::new();
    let mut tag: Option<String> = None;
    for c in html.chars() {
        match (&mut tag, c) {
            (None, '<') => tag = Some(String::new()),
            (Some(t), '>') => {
                let name: String = t
                    .trim_start_matches('/')
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect::<String>()
                    .to_ascii_lowercase();
                let block = [
                    "p",
                    "div",
                    "h1",
                    "h2",
                    "h3",
                    "h4",
                    "li",
                    "br",
                    "blockquote",
                    "section",
                    "article",
                ];
                out.push(if block.contains(&name.as_str()) {
                    '\n'
                } else {
                    ' '
                });
                tag = None;
            }
            (Some(t), c) => t.push(c),
            (None, c) => out.push(c),
        }
    }
    let out = out
        .replace("&nbsp;", " ")
        .replace("&#160;", " ")
        .replace("&amp;", "&")
        .replace("&quot;", "\"");
    Ok(out
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n"))
}

fn main() -> Res<()> {
    let enc = Encoder::locate_and_load()?;
    let (mut lex1, mut lex5, mut hyb1, mut hyb5) = (0, 0, 0, 0);
    let mut memory = HybridMemory::new(enc.dim());
    let claim_vecs: Vec<Vec<f32>> = SET
        .iter()
        .map(|(_, c, _)| enc.embed_one(c, Role::Query))
        .collect();
    for (i, ((_, claim, _), v)) in SET.iter().zip(&claim_vecs).enumerate() {
        memory.add(&i.to_string(), claim, v);
    }
    let mut targets: Vec<String> = Vec::new();
    let mut page_cache: Vec<Page> = Vec::new();
    for (i, (page, claim, needle)) in SET.iter().enumerate() {
        if !page_cache.iter().any(|p| p.0 == *page) {
            let text = page_text(page)?;
            let spans = sentence_spans(&text);
            let texts: Vec<&str> = spans.iter().map(|&(a, b)| &text[a..b]).collect();
            let vectors = enc.embed(&texts, Role::Passage);
            eprintln!("{page}: {} sentences embedded", spans.len());
            page_cache.push((page, text, spans, vectors));
        }
        let Some((_, text, spans, vectors)) = page_cache.iter().find(|p| p.0 == *page) else {
            continue;
        };
        let Some(&(ts, te)) = spans.iter().find(|&&(a, b)| text[a..b].contains(needle)) else {
            return Err(format!("{page}: no sentence contains {needle:?}").into());
        };
        targets.push(text[ts..te].to_string());
        let hit = |p: &claimdesk_evidence::Passage| {
            p.start <= ts && ts < p.end.max(ts + 1) || (p.start < te && ts < p.end)
        };
        let lexical = analyze(claim, text);
        let quotes: Vec<Vec<f32>> = Vec::new();
        let emb = Embeddings {
            claim: &claim_vecs[i],
            spans,
            vectors,
            quotes: &quotes,
        };
        let hybrid = analyze_hybrid(
            claim,
            text,
            &emb,
            &RankOptions::default(),
            &HybridOptions::default(),
        );
        let at = |ps: &[claimdesk_evidence::Passage]| ps.iter().position(hit);
        let (l, h) = (at(&lexical.passages), at(&hybrid.passages));
        lex1 += usize::from(l == Some(0));
        lex5 += usize::from(l.is_some());
        hyb1 += usize::from(h == Some(0));
        hyb5 += usize::from(h.is_some());
    }
    let n = SET.len();
    println!("English claim -> sentence of the es/fr/pt page ({n} claims):");
    println!("  lexical (BM25 passages): top-1 {lex1}/{n}, top-5 {lex5}/{n}");
    println!("  hybrid (every sentence embedded): top-1 {hyb1}/{n}, top-5 {hyb5}/{n}");
    let opts = MemoryOptions::default();
    let (mut back_lex, mut back_hyb) = (0, 0);
    for (i, t) in targets.iter().enumerate() {
        let v = enc.embed_one(t, Role::Query);
        let first =
            |hits: Vec<claimdesk_evidence::memory::MemoryHit>| hits.first().map(|h| h.id.clone());
        back_lex += usize::from(first(memory.rank(t, None, 5, &opts)) == Some(i.to_string()));
        back_hyb += usize::from(first(memory.rank(t, Some(&v), 5, &opts)) == Some(i.to_string()));
    }
    println!("es/fr/pt sentence -> its English claim among the {n} (claim memory, top-1):");
    println!("  lexical (BM25): {back_lex}/{n}; hybrid: {back_hyb}/{n}");
    Ok(())
}
