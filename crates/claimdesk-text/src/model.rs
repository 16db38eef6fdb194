//! The learned check-worthiness model: L2-regularised logistic regression over hashed features
//! ([`crate::features`]), trained with AdaGrad by `cargo run --release -p claimdesk-text --example train`.
//!
//! The weight file `model/checkworthy.bin` is committed and compiled into the crate with `include_bytes!`, so the
//! app needs no model download and scoring is a few hundred additions per sentence.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::features::{DIM, DIM_BITS};

/// Magic bytes at the start of a weight file.
const MAGIC: &[u8; 4] = b"CDLM";
/// Weight-file format version.
const VERSION: u32 = 1;
/// Header: magic, version, dim bits, calibration shift, weight scale.
const HEADER_LEN: usize = 4 + 4 + 4 + 4 + 4;

/// Why a weight file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum ModelError {
    /// The bytes do not start with the expected magic and version.
    #[error("not a claimdesk model file (bad magic or version)")]
    BadHeader,
    /// The file was written for a different feature-hashing size.
    #[error("model has 2^{found} features, this build expects 2^{expected}")]
    WrongDimension {
        /// Bits in the file.
        found: u32,
        /// Bits this build uses.
        expected: u32,
    },
    /// The file is shorter or longer than its header says.
    #[error("model file has the wrong length")]
    WrongLength,
}

impl ModelError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            ModelError::BadHeader => "model_bad_header",
            ModelError::WrongDimension { .. } => "model_wrong_dimension",
            ModelError::WrongLength => "model_wrong_length",
        }
    }
}

/// A linear model over hashed binary features.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinearModel {
    /// One weight per hashed feature bucket (`features::DIM` of them).
    pub weights: Vec<f32>,
    /// Added to the logit so that `CLAIM_THRESHOLD` (0.5) is the cross-validated F1-optimal cut.
    pub shift: f32,
}

impl LinearModel {
    /// A model with all weights zero.
    pub fn zeros() -> Self {
        LinearModel {
            weights: vec![0.0; DIM],
            shift: 0.0,
        }
    }

    /// The raw logit `w·x` (without the calibration shift).
    pub fn margin(&self, features: &[u32]) -> f32 {
        features
            .iter()
            .filter_map(|&f| self.weights.get(f as usize))
            .sum()
    }

    /// Calibrated probability in [0, 1].
    pub fn probability(&self, features: &[u32]) -> f32 {
        sigmoid(self.margin(features) + self.shift)
    }

    /// Serialises the model. Weights are quantised to i16 with one shared scale, which halves the file and
    /// changes no decision measurably (the quantisation step is below 1e-4 of the largest weight).
    pub fn to_bytes(&self) -> Vec<u8> {
        let max = self
            .weights
            .iter()
            .fold(0f32, |m, w| m.max(w.abs()))
            .max(1e-6);
        let scale = max / f32::from(i16::MAX);
        let mut out = Vec::with_capacity(HEADER_LEN + self.weights.len() * 2);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&DIM_BITS.to_le_bytes());
        out.extend_from_slice(&self.shift.to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        for w in &self.weights {
            let q = (w / scale)
                .round()
                .clamp(f32::from(i16::MIN), f32::from(i16::MAX)) as i16;
            out.extend_from_slice(&q.to_le_bytes());
        }
        out
    }

    /// Reads a model written by [`LinearModel::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let word = |at: usize| -> Option<[u8; 4]> { bytes.get(at..at + 4)?.try_into().ok() };
        if bytes.get(..4) != Some(MAGIC.as_slice())
            || word(4).map(u32::from_le_bytes) != Some(VERSION)
        {
            return Err(ModelError::BadHeader);
        }
        let bits = word(8)
            .map(u32::from_le_bytes)
            .ok_or(ModelError::WrongLength)?;
        if bits != DIM_BITS {
            return Err(ModelError::WrongDimension {
                found: bits,
                expected: DIM_BITS,
            });
        }
        let shift = word(12)
            .map(f32::from_le_bytes)
            .ok_or(ModelError::WrongLength)?;
        let scale = word(16)
            .map(f32::from_le_bytes)
            .ok_or(ModelError::WrongLength)?;
        let body = bytes.get(HEADER_LEN..).ok_or(ModelError::WrongLength)?;
        if body.len() != DIM * 2 {
            return Err(ModelError::WrongLength);
        }
        let weights = body
            .chunks_exact(2)
            .map(|c| f32::from(i16::from_le_bytes([c[0], c[1]])) * scale)
            .collect();
        Ok(LinearModel { weights, shift })
    }
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// The committed model, parsed once.
pub fn builtin() -> &'static LinearModel {
    static MODEL: OnceLock<LinearModel> = OnceLock::new();
    // A malformed committed file is a build defect, caught by `builtin_model_loads`; fall back to a zero model
    // (every score 0.5 - shift) rather than panicking inside the app.
    MODEL.get_or_init(|| LinearModel::from_bytes(BUILTIN).unwrap_or_else(|_| LinearModel::zeros()))
}

/// The bytes of `model/checkworthy.bin`.
pub const BUILTIN: &[u8] = include_bytes!("../model/checkworthy.bin");

/// One training example.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sample {
    /// Hashed feature indices ([`crate::features::extract`]).
    pub features: Vec<u32>,
    /// Whether the sentence is check-worthy.
    pub label: bool,
    /// Importance weight (used to balance the classes of the sparse CLEF data).
    pub weight: f32,
}

/// Training hyper-parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TrainConfig {
    /// Passes over the data.
    pub epochs: usize,
    /// AdaGrad base learning rate.
    pub learning_rate: f32,
    /// L2 penalty per update.
    pub l2: f32,
    /// Seed of the shuffling RNG; the same seed and data give bit-identical weights.
    pub seed: u64,
    /// Number of models trained with seeds `seed, seed+1, ...` whose weights are averaged. Averaging linear
    /// models trained on different shuffles cancels much of SGD's order noise.
    pub ensemble: usize,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            // Chosen by cross-validation on the training splits (see docs/EVALUATION.md for the sweep).
            epochs: 4,
            learning_rate: 0.05,
            l2: 1e-5,
            seed: 20_261_125,
            ensemble: 1,
        }
    }
}

/// A small xorshift generator: reproducible shuffles without a `rand` dependency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct XorShift(u64);

impl XorShift {
    /// A generator from a seed (0 is mapped to a fixed non-zero state).
    pub fn new(seed: u64) -> Self {
        XorShift(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// Trains logistic regression with AdaGrad (averaged over `config.ensemble` seeds); deterministic for a given
/// configuration.
pub fn train(samples: &[Sample], config: TrainConfig) -> LinearModel {
    let runs = config.ensemble.max(1);
    let mut avg = LinearModel::zeros();
    for k in 0..runs {
        let m = train_one(samples, config.seed.wrapping_add(k as u64), config);
        for (a, w) in avg.weights.iter_mut().zip(&m.weights) {
            *a += w / runs as f32;
        }
    }
    avg
}

fn train_one(samples: &[Sample], seed: u64, config: TrainConfig) -> LinearModel {
    let mut model = LinearModel::zeros();
    let mut g2 = vec![1e-6f32; DIM];
    let mut order: Vec<usize> = (0..samples.len()).collect();
    let mut rng = XorShift::new(seed);
    for _ in 0..config.epochs {
        rng.shuffle(&mut order);
        for &idx in &order {
            let Some(s) = samples.get(idx) else { continue };
            let p = sigmoid(model.margin(&s.features));
            let y = if s.label { 1.0 } else { 0.0 };
            let grad = (p - y) * s.weight;
            for &f in &s.features {
                let f = f as usize;
                if let (Some(w), Some(g)) = (model.weights.get_mut(f), g2.get_mut(f)) {
                    let gi = grad + config.l2 * *w;
                    *g += gi * gi;
                    *w -= config.learning_rate * gi / g.sqrt();
                }
            }
        }
    }
    model
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_model_loads() {
        let m = LinearModel::from_bytes(BUILTIN);
        assert!(m.is_ok(), "{m:?}");
    }

    #[test]
    fn round_trip_and_bad_files() {
        let mut m = LinearModel::zeros();
        m.weights[3] = 1.5;
        m.weights[7] = -0.25;
        m.shift = 0.3;
        let back = LinearModel::from_bytes(&m.to_bytes()).unwrap_or_else(|e| panic!("{e}"));
        assert!((back.weights[3] - 1.5).abs() < 1e-3 && (back.weights[7] + 0.25).abs() < 1e-3);
        assert_eq!(
            LinearModel::from_bytes(b"nope").map_err(|e| e.code()),
            Err("model_bad_header")
        );
        let mut short = m.to_bytes();
        short.truncate(100);
        assert_eq!(
            LinearModel::from_bytes(&short).map_err(|e| e.code()),
            Err("model_wrong_length")
        );
    }

    #[test]
    fn training_is_reproducible_and_learns() {
        let samples: Vec<Sample> = [
            "Taxes rose by 12% in 2019.",
            "I love this crowd.",
            "Jobs fell 3 percent.",
            "Thank you.",
        ]
        .iter()
        .enumerate()
        .map(|(i, t)| Sample {
            features: crate::features::extract(t),
            label: i % 2 == 0,
            weight: 1.0,
        })
        .collect();
        let a = train(&samples, TrainConfig::default());
        let b = train(&samples, TrainConfig::default());
        assert_eq!(a, b);
        assert!(a.probability(&samples[0].features) > a.probability(&samples[1].features));
    }
}
