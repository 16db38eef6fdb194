//! The forward pass: a 12-layer post-LayerNorm BERT over several texts at once.
//!
//! The tokens of every text in a batch are concatenated into one `[T, hidden]` matrix, so each weight row is
//! unpacked once per batch and used against every token; attention stays within each text's own tokens. Work is
//! split across threads by token rows (each thread owns a contiguous block of the output), which needs no locks
//! and gives the same result whatever the thread count.
//!
//! The reference engine quantises activations to int8 for its AVX2 kernel; this one keeps them in f32 (the
//! workspace forbids `unsafe`, so no intrinsics: the dot products are written in 8-lane blocks the compiler
//! vectorises). The embeddings agree with the reference to a cosine above 0.99 (`tests/parity.rs`).

use crate::format::{Q4Matrix, Weights};

/// Splits `out` (rows of `width` floats) into one contiguous block of rows per thread and runs `f(first_row,
/// block)` on each, the last block on the calling thread.
fn par_rows<F>(out: &mut [f32], width: usize, threads: usize, f: F)
where
    F: Fn(usize, &mut [f32]) + Sync,
{
    let rows = out.len() / width.max(1);
    let threads = threads.clamp(1, rows.max(1));
    if threads == 1 {
        f(0, out);
        return;
    }
    let per = rows.div_ceil(threads);
    std::thread::scope(|s| {
        let mut chunks = out.chunks_mut(per * width).enumerate().peekable();
        while let Some((i, chunk)) = chunks.next() {
            let f = &f;
            if chunks.peek().is_none() {
                f(i * per, chunk);
            } else {
                s.spawn(move || f(i * per, chunk));
            }
        }
    });
}

/// The dot product of `x` with four rows at once (each `x.len()` long, laid out one after another in `w`), in
/// 8-lane blocks.
#[inline]
fn dot4(x: &[f32], w: &[f32]) -> [f32; 4] {
    let n = x.len();
    let (w0, rest) = w.split_at(n);
    let (w1, rest) = rest.split_at(n);
    let (w2, w3) = rest.split_at(n);
    let mut acc = [[0f32; 8]; 4];
    for ((((xa, a), b), c), d) in x
        .chunks_exact(8)
        .zip(w0.chunks_exact(8))
        .zip(w1.chunks_exact(8))
        .zip(w2.chunks_exact(8))
        .zip(w3[..n].chunks_exact(8))
    {
        for l in 0..8 {
            acc[0][l] += xa[l] * a[l];
            acc[1][l] += xa[l] * b[l];
            acc[2][l] += xa[l] * c[l];
            acc[3][l] += xa[l] * d[l];
        }
    }
    acc.map(|a| a.iter().sum())
}

#[inline]
fn dot(x: &[f32], w: &[f32]) -> f32 {
    let mut acc = [0f32; 8];
    for (xa, wa) in x.chunks_exact(8).zip(w.chunks_exact(8)) {
        for l in 0..8 {
            acc[l] += xa[l] * wa[l];
        }
    }
    let tail = x.len() / 8 * 8;
    acc.iter().sum::<f32>()
        + x[tail..]
            .iter()
            .zip(&w[tail..])
            .map(|(a, b)| a * b)
            .sum::<f32>()
}

/// Rows of weights unpacked at a time: 16 rows of 1536 floats stay in L1/L2 while every token of the thread's
/// block is multiplied by them.
const ROW_TILE: usize = 16;

/// `y[t, o] = bias[o] + x[t, :] · w[o, :]` for every token `t` (`x` is `[T, w.cols]`, `y` is `[T, w.rows]`).
fn matmul(x: &[f32], w: &Q4Matrix, bias: &[f32], y: &mut [f32], threads: usize) {
    let (nin, nout) = (w.cols, w.rows);
    par_rows(y, nout, threads, |t0, yb| {
        let tokens = yb.len() / nout;
        let mut tile = vec![0f32; ROW_TILE * nin];
        for o0 in (0..nout).step_by(ROW_TILE) {
            let rows = ROW_TILE.min(nout - o0);
            for r in 0..rows {
                w.dequant_row(o0 + r, &mut tile[r * nin..(r + 1) * nin]);
            }
            for t in 0..tokens {
                let xr = &x[(t0 + t) * nin..(t0 + t + 1) * nin];
                let yr = &mut yb[t * nout..(t + 1) * nout];
                let mut r = 0;
                while r + 4 <= rows {
                    let d = dot4(xr, &tile[r * nin..(r + 4) * nin]);
                    for k in 0..4 {
                        yr[o0 + r + k] = bias[o0 + r + k] + d[k];
                    }
                    r += 4;
                }
                while r < rows {
                    yr[o0 + r] = bias[o0 + r] + dot(xr, &tile[r * nin..(r + 1) * nin]);
                    r += 1;
                }
            }
        }
    });
}

/// `x = LayerNorm(x + y)` row by row (`y` absent: `LayerNorm(x)`).
fn add_layernorm(x: &mut [f32], y: Option<&[f32]>, w: &[f32], b: &[f32], h: usize, eps: f32) {
    for (t, r) in x.chunks_exact_mut(h).enumerate() {
        if let Some(y) = y {
            for (a, c) in r.iter_mut().zip(&y[t * h..(t + 1) * h]) {
                *a += c;
            }
        }
        let mean = r.iter().sum::<f32>() / h as f32;
        let var = r.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / h as f32;
        let inv = 1.0 / (var + eps).sqrt();
        for ((v, w), b) in r.iter_mut().zip(w).zip(b) {
            *v = (*v - mean) * inv * w + b;
        }
    }
}

/// The error function (Abramowitz and Stegun 7.1.26 is too coarse for GELU near 0; this is the rational
/// approximation of W. J. Cody's erf for |x| < 0.5 and the complementary form beyond, max relative error ~1e-7).
fn erf(x: f32) -> f32 {
    let x = x as f64;
    let ax = x.abs();
    let r = if ax < 0.5 {
        let t = x * x;
        let p = [
            3.209_377_589_138_469_4e3,
            3.774_852_376_853_02e2,
            1.138_641_541_510_501_6e2,
            3.161_123_743_870_565_6,
            1.857_777_061_846_031_5e-1,
        ];
        let q = [
            2.844_236_833_439_17e3,
            1.282_616_526_077_372_3e3,
            2.440_246_379_344_441_7e2,
            2.360_129_095_234_412_1e1,
            1.0,
        ];
        let num = (((p[4] * t + p[3]) * t + p[2]) * t + p[1]) * t + p[0];
        let den = (((q[4] * t + q[3]) * t + q[2]) * t + q[1]) * t + q[0];
        x * num / den
    } else {
        // erfc via the continued-fraction-free approximation of Numerical Recipes (erfcc, relative error < 1.2e-7).
        let t = 1.0 / (1.0 + 0.5 * ax);
        let y = t
            * (-ax * ax - 1.265_512_23
                + t * (1.000_023_68
                    + t * (0.374_091_96
                        + t * (0.096_784_18
                            + t * (-0.186_288_06
                                + t * (0.278_868_07
                                    + t * (-1.135_203_98
                                        + t * (1.488_515_87
                                            + t * (-0.822_152_23 + t * 0.170_872_77)))))))))
                .exp();
        let e = 1.0 - y;
        if x < 0.0 {
            -e
        } else {
            e
        }
    };
    r as f32
}

fn gelu(x: f32) -> f32 {
    0.5 * x * (1.0 + erf(x * std::f32::consts::FRAC_1_SQRT_2))
}

/// One text's token range inside the batch.
#[derive(Clone, Copy)]
pub(crate) struct Segment {
    pub start: usize,
    pub end: usize,
}

/// Runs the encoder over the concatenated `ids` (each segment starts with `<s>` and ends with `</s>`, positions
/// restart at 0 in each) and returns each segment's mean-pooled, not yet normalised, vector.
pub(crate) fn forward(
    w: &Weights,
    ids: &[u32],
    segments: &[Segment],
    threads: usize,
) -> Vec<Vec<f32>> {
    let h = w.hidden;
    let t_all = ids.len();
    let hd = h / w.heads;
    let mut pos = vec![0usize; t_all];
    let mut seg_of = vec![Segment { start: 0, end: 0 }; t_all];
    for s in segments {
        for (p, t) in (s.start..s.end).enumerate() {
            pos[t] = p;
            seg_of[t] = *s;
        }
    }

    let mut x = vec![0f32; t_all * h];
    par_rows(&mut x, h, threads, |t0, xb| {
        for (i, r) in xb.chunks_exact_mut(h).enumerate() {
            let t = t0 + i;
            w.word.dequant_row(ids[t] as usize, r);
            let p = &w.pos[pos[t] * h..(pos[t] + 1) * h];
            for ((v, p), ty) in r.iter_mut().zip(p).zip(&w.type0) {
                *v += p + ty;
            }
        }
    });
    add_layernorm(&mut x, None, &w.eln_w, &w.eln_b, h, w.eps);

    let mut q = vec![0f32; t_all * h];
    let mut k = vec![0f32; t_all * h];
    let mut v = vec![0f32; t_all * h];
    let mut ctx = vec![0f32; t_all * h];
    let mut tmp = vec![0f32; t_all * h];
    let mut mid = vec![0f32; t_all * w.ff];
    let scale = 1.0 / (hd as f32).sqrt();
    for ly in &w.layers {
        matmul(&x, &ly.q, &ly.qb, &mut q, threads);
        matmul(&x, &ly.k, &ly.kb, &mut k, threads);
        matmul(&x, &ly.v, &ly.vb, &mut v, threads);
        par_rows(&mut ctx, h, threads, |t0, cb| {
            let mut prob = Vec::new();
            for (i, cr) in cb.chunks_exact_mut(h).enumerate() {
                let t = t0 + i;
                let s = seg_of[t];
                for head in 0..w.heads {
                    let qh = &q[t * h + head * hd..t * h + (head + 1) * hd];
                    prob.clear();
                    let mut mx = f32::NEG_INFINITY;
                    for sidx in s.start..s.end {
                        let d =
                            dot(qh, &k[sidx * h + head * hd..sidx * h + (head + 1) * hd]) * scale;
                        mx = mx.max(d);
                        prob.push(d);
                    }
                    let mut sum = 0.0;
                    for p in prob.iter_mut() {
                        *p = (*p - mx).exp();
                        sum += *p;
                    }
                    let inv = 1.0 / sum;
                    let ch = &mut cr[head * hd..(head + 1) * hd];
                    ch.fill(0.0);
                    for (p, sidx) in prob.iter().zip(s.start..s.end) {
                        let pw = p * inv;
                        for (c, vv) in ch
                            .iter_mut()
                            .zip(&v[sidx * h + head * hd..sidx * h + (head + 1) * hd])
                        {
                            *c += pw * vv;
                        }
                    }
                }
            }
        });
        matmul(&ctx, &ly.ao, &ly.aob, &mut tmp, threads);
        add_layernorm(&mut x, Some(&tmp), &ly.aln_w, &ly.aln_b, h, w.eps);
        matmul(&x, &ly.fi, &ly.fib, &mut mid, threads);
        par_rows(&mut mid, w.ff, threads, |_, mb| {
            mb.iter_mut().for_each(|m| *m = gelu(*m))
        });
        matmul(&mid, &ly.fo, &ly.fob, &mut tmp, threads);
        add_layernorm(&mut x, Some(&tmp), &ly.oln_w, &ly.oln_b, h, w.eps);
    }

    segments
        .iter()
        .map(|s| {
            let mut o = vec![0f32; h];
            for t in s.start..s.end {
                for (a, b) in o.iter_mut().zip(&x[t * h..(t + 1) * h]) {
                    *a += b;
                }
            }
            let inv = 1.0 / (s.end - s.start).max(1) as f32;
            o.iter_mut().for_each(|a| *a *= inv);
            o
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erf_matches_known_values() {
        for (x, want) in [
            (0.0, 0.0),
            (0.1, 0.112_462_92),
            (0.5, 0.520_499_9),
            (1.0, 0.842_700_8),
            (-2.0, -0.995_322_3),
            (3.5, 0.999_999_3),
        ] {
            assert!(
                (erf(x) - want).abs() < 2e-7,
                "erf({x}) = {} want {want}",
                erf(x)
            );
        }
    }

    #[test]
    fn dot_products_agree_with_a_plain_sum() {
        let x: Vec<f32> = (0..40).map(|i| (i as f32 * 0.37).sin()).collect();
        let w: Vec<f32> = (0..160).map(|i| (i as f32 * 0.11).cos()).collect();
        let d4 = dot4(&x, &w);
        for (r, got) in d4.iter().enumerate() {
            let plain: f32 = x
                .iter()
                .zip(&w[r * 40..(r + 1) * 40])
                .map(|(a, b)| a * b)
                .sum();
            assert!((got - plain).abs() < 1e-4);
            assert!((dot(&x, &w[r * 40..(r + 1) * 40]) - plain).abs() < 1e-4);
        }
    }
}
