//! The text kit: sentences, words and quotations, the same for the detector and the evidence step.

pub mod numbers;
pub mod quotes;
mod segment;
pub mod tokens;

pub use quotes::{find_quotes, quotes_in, Quote, Resolution, SpeakerContext};
pub use segment::{segment, sentence_spans, sentence_text, Sentence};
pub use tokens::{fold, word_iter, words, Word, WordIter};
