//! The forward pass: a 12-layer post-LayerNorm BERT over several texts at once.
//!
//! The tokens of every text in a batch are concatenated into one `[T, hidden]` matrix, so each weight row is
//! unpacked once per batch (per thread) and used against every token; attention stays within each text's own
//! tokens. With several texts, each thread runs the whole pass on its own share of the texts; a single long text
//! is split by token rows within each operation (a short one runs on one thread: see [`MIN_SPLIT_TOKENS`]).
//! Either way each thread owns a contiguous block of the output, which needs no locks, and every token's
//! arithmetic is the same whatever the thread count or split.
//!
//! The weights stay 4-bit in memory and are unpacked 16 rows at a time into a k-major panel, which a register-tiled
//! micro-kernel (6 tokens x 16 outputs) multiplies in f32 without horizontal sums. The workspace forbids `unsafe`,
//! so there are no intrinsics: the loops are plain Rust the compiler vectorises, and the hot functions are compiled
//! twice by `multiversion` (AVX2 + FMA, picked at run time, and the plain x86-64 baseline the package must run on).
//! The reference engine quantises activations to int8 for its AVX2 kernel; this one keeps them in f32. The
//! embeddings agree with the reference to a cosine of 0.9999 on the committed cases (`tests/encoder.rs` asserts
//! 0.99).

use crate::format::{Q4Matrix, Weights};
use multiversion::multiversion;
use multiversion::target::target_cfg_f;
use std::cell::RefCell;

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

/// Output rows per weight panel: one panel is 16 rows unpacked k-major (`panel[k * NR + j]` is weight `(o0 + j, k)`),
/// so one k step of the micro-kernel reads 16 consecutive floats (two AVX2 registers) for 16 outputs at once and no
/// horizontal sums are needed.
const NR: usize = 16;
/// Tokens per micro-kernel: 6 tokens x 16 outputs is 12 AVX2 accumulators, which with the two weight registers and
/// a broadcast fits the 16 ymm registers, so each weight load is reused 6 times and each activation 16 times.
const MR: usize = 6;

/// `a * b + c`, fused when the clone being compiled has FMA (`f32::mul_add` without it is a slow library call).
#[inline(always)]
fn madd<const FMA: bool>(a: f32, b: f32, c: f32) -> f32 {
    if FMA {
        a.mul_add(b, c)
    } else {
        a * b + c
    }
}

/// `acc[m][j] = Σ_k xp[k * MR + m] * panel[k * NR + j]`: MR tokens (packed k-major) times one NR-row panel. Each
/// accumulator is one sequential sum over k, so a token's result does not depend on which tokens share its group.
#[inline(always)]
fn kernel<const FMA: bool>(xp: &[f32], panel: &[f32]) -> [[f32; NR]; MR] {
    let mut acc = [[0f32; NR]; MR];
    for (xk, wk) in xp.chunks_exact(MR).zip(panel.chunks_exact(NR)) {
        for m in 0..MR {
            let xv = xk[m];
            for j in 0..NR {
                acc[m][j] = madd::<FMA>(xv, wk[j], acc[m][j]);
            }
        }
    }
    acc
}

thread_local! {
    /// Each thread's scratch for [`matmul_block`] (packed tokens, one row, one panel), kept between calls: a pass
    /// runs 72 matmuls, and allocating the few-megabyte buffers afresh each time faulted their pages in again.
    static SCRATCH: RefCell<[Vec<f32>; 3]> = const { RefCell::new([Vec::new(), Vec::new(), Vec::new()]) };
}

/// One thread's share of [`matmul`]: `yb = bias + xb · wᵀ` for a contiguous block of tokens. Compiled twice by
/// `multiversion` — for x86-64-v3 (AVX2 + FMA, chosen at run time with `is_x86_feature_detected`) and for the
/// plain x86-64 baseline the package targets — and written as plain loops the compiler vectorises either way.
#[multiversion(targets("x86_64+avx2+fma"))]
fn matmul_block(
    xb: &[f32],
    w: &Q4Matrix,
    bias: &[f32],
    yb: &mut [f32],
    scratch: &mut [Vec<f32>; 3],
) {
    matmul_block_with::<{ target_cfg_f!(target_feature = "fma") }>(xb, w, bias, yb, scratch)
}

/// The body of [`matmul_block`], inlined into each of its clones; `FMA` says whether the clone has fused
/// multiply-add (the unit test runs both forms whatever this CPU dispatches to).
#[inline(always)]
fn matmul_block_with<const FMA: bool>(
    xb: &[f32],
    w: &Q4Matrix,
    bias: &[f32],
    yb: &mut [f32],
    scratch: &mut [Vec<f32>; 3],
) {
    let (nin, nout) = (w.cols, w.rows);
    let tokens = yb.len() / nout;
    if tokens == 0 {
        return;
    }
    let [xp, row, panel] = scratch;
    // The tokens packed k-major in groups of MR (`xp[g][k * MR + m]`), the last group padded with zeros, so the
    // kernel reads one sequential stream.
    let groups = tokens.div_ceil(MR);
    xp.resize(groups * MR * nin, 0.0);
    xp[(groups - 1) * MR * nin..].fill(0.0);
    for (t, xr) in xb.chunks_exact(nin).enumerate() {
        let g = &mut xp[(t / MR) * MR * nin..(t / MR + 1) * MR * nin];
        for (k, v) in xr.iter().enumerate() {
            g[k * MR + t % MR] = *v;
        }
    }
    row.resize(nin, 0.0);
    panel.resize(NR * nin, 0.0);
    for o0 in (0..nout).step_by(NR) {
        let rows = NR.min(nout - o0);
        if rows < NR {
            panel.fill(0.0);
        }
        for j in 0..rows {
            w.dequant_row(o0 + j, row);
            for (k, v) in row.iter().enumerate() {
                panel[k * NR + j] = *v;
            }
        }
        for (g, xg) in xp.chunks_exact(MR * nin).enumerate() {
            let acc = kernel::<FMA>(xg, panel);
            for (m, a) in acc.iter().enumerate().take(tokens - g * MR) {
                let t = g * MR + m;
                let yr = &mut yb[t * nout + o0..t * nout + o0 + rows];
                for ((y, a), b) in yr.iter_mut().zip(a).zip(&bias[o0..o0 + rows]) {
                    *y = b + a;
                }
            }
        }
    }
}

/// `y[t, o] = bias[o] + x[t, :] · w[o, :]` for every token `t` (`x` is `[T, w.cols]`, `y` is `[T, w.rows]`).
fn matmul(x: &[f32], w: &Q4Matrix, bias: &[f32], y: &mut [f32], threads: usize) {
    let (nin, nout) = (w.cols, w.rows);
    par_rows(y, nout, threads, |t0, yb| {
        let tokens = yb.len() / nout;
        SCRATCH.with_borrow_mut(|scratch| {
            matmul_block(&x[t0 * nin..(t0 + tokens) * nin], w, bias, yb, scratch)
        });
    });
}

/// The sum of `v` in 8 lanes (vectorisable: a plain `iter().sum()` is one serial chain of float adds).
#[inline(always)]
fn sum8(v: &[f32]) -> f32 {
    let mut acc = [0f32; 8];
    let chunks = v.chunks_exact(8);
    let tail: f32 = chunks.remainder().iter().sum();
    for c in chunks {
        for l in 0..8 {
            acc[l] += c[l];
        }
    }
    acc.iter().sum::<f32>() + tail
}

/// `x = LayerNorm(x + y)` row by row (`y` absent: `LayerNorm(x)`); `x` and `y` are the same block of tokens.
fn add_layernorm(x: &mut [f32], y: Option<&[f32]>, w: &[f32], b: &[f32], h: usize, eps: f32) {
    let mut dev = vec![0f32; h];
    for (t, r) in x.chunks_exact_mut(h).enumerate() {
        if let Some(y) = y {
            for (a, c) in r.iter_mut().zip(&y[t * h..(t + 1) * h]) {
                *a += c;
            }
        }
        let mean = sum8(r) / h as f32;
        for (d, v) in dev.iter_mut().zip(r.iter()) {
            *d = (v - mean) * (v - mean);
        }
        let inv = 1.0 / (sum8(&dev) / h as f32 + eps).sqrt();
        for ((v, w), b) in r.iter_mut().zip(w).zip(b) {
            *v = (*v - mean) * inv * w + b;
        }
    }
}

/// `e^x` in f32 (Cephes `expf`: `x = n ln 2 + r`, a degree-6 polynomial for `e^r`, `2^n` built from its bits;
/// relative error ~1e-7). Unlike the library call it has no branch, so loops over it vectorise.
#[inline(always)]
fn exp_f32<const FMA: bool>(x: f32) -> f32 {
    // 1.5 * 2^23: adding and subtracting it rounds to the nearest integer (no SSE4.1 `round` on plain x86-64).
    const SHIFT: f32 = 12_582_912.0;
    let x = x.clamp(-87.0, 88.0);
    let n = madd::<FMA>(x, std::f32::consts::LOG2_E, SHIFT) - SHIFT;
    let r = madd::<FMA>(n, -0.693_359_4, x);
    let r = madd::<FMA>(n, 2.121_944_4e-4, r);
    let mut p = 1.987_569_1e-4;
    for c in [
        1.398_199_9e-3,
        8.333_452e-3,
        4.166_579_6e-2,
        0.166_666_65,
        0.5,
    ] {
        p = madd::<FMA>(p, r, c);
    }
    let p = madd::<FMA>(p, r * r, r) + 1.0;
    // n is in -126..=127 after the clamp, so the exponent field stays normal.
    p * f32::from_bits(((n as i32 + 127) << 23) as u32)
}

/// The error function in f32: the odd/even rational approximation `x P(x²) / Q(x²)` on [-4, 4] that Eigen and
/// XLA use for `erf` in f32 (beyond ±4, erf is ±1 in f32), max absolute error below 1e-7. One division and no `exp`
/// or branch, so GELU over a `[T, 1536]` block vectorises (GELU fell from ~6% of a pass's profile, with the
/// earlier f64 Cody/erfcc pair and its library `exp`, to ~1.5%).
#[inline(always)]
fn erf_f32<const FMA: bool>(x: f32) -> f32 {
    let x = x.clamp(-4.0, 4.0);
    let x2 = x * x;
    let mut p = -2.726_142_3e-10;
    for c in [
        2.770_681_4e-8,
        -2.101_024e-6,
        -5.692_506_4e-5,
        -7.349_906_3e-4,
        -2.954_6e-3,
        -1.609_603_3e-2,
    ] {
        p = madd::<FMA>(p, x2, c);
    }
    let mut q = -1.456_607_2e-5;
    for c in [-2.133_740_6e-4, -1.682_827e-3, -7.373_329e-3, -1.426_474e-2] {
        q = madd::<FMA>(q, x2, c);
    }
    x * p / q
}

/// `v = GELU(v)` (the exact, erf form BERT was trained with).
#[multiversion(targets("x86_64+avx2+fma"))]
fn gelu_inplace(v: &mut [f32]) {
    const FMA: bool = target_cfg_f!(target_feature = "fma");
    for m in v {
        *m = 0.5 * *m * (1.0 + erf_f32::<FMA>(*m * std::f32::consts::FRAC_1_SQRT_2));
    }
}

/// One text's token range inside the batch.
#[derive(Clone, Copy)]
pub(crate) struct Segment {
    pub start: usize,
    pub end: usize,
}

/// Keys per block of attention scores: the block's accumulators (two AVX2 registers) stay in registers across the
/// query's hidden values (summing into memory made every step wait for the previous store).
const KEYS: usize = 16;
/// Hidden values per block of the attention's context sum (a head of 32 is one block), for the same reason.
const LANES: usize = 32;

/// `acc[l] = Σ_c q[c] * panel[c * KEYS + l]`: one query's scores against a block of KEYS transposed keys.
#[inline(always)]
fn scores<const FMA: bool>(q: &[f32], panel: &[f32]) -> [f32; KEYS] {
    let mut acc = [0f32; KEYS];
    for (qv, row) in q.iter().zip(panel.chunks_exact(KEYS)) {
        for l in 0..KEYS {
            acc[l] = madd::<FMA>(*qv, row[l], acc[l]);
        }
    }
    acc
}

/// `acc[l] = Σ_u p[u] * v[u * h + l]`: LANES consecutive values of the probability-weighted sum of value rows.
#[inline(always)]
fn weighted_sum<const FMA: bool>(p: &[f32], v: &[f32], h: usize) -> [f32; LANES] {
    let mut acc = [0f32; LANES];
    for (u, pu) in p.iter().enumerate() {
        let vr = &v[u * h..][..LANES];
        for l in 0..LANES {
            acc[l] = madd::<FMA>(*pu, vr[l], acc[l]);
        }
    }
    acc
}

/// Self-attention for the block of tokens starting at `t0` (`cb` is their `[tokens, h]` context output): each
/// token attends to the tokens of its own segment only.
///
/// A segment's keys are transposed once for all of its queries, in blocks of KEYS tokens (`kt[(b * h + c) * KEYS +
/// l]` is hidden value `c` of token `b * KEYS + l`, the last block zero-padded), so a query's scores are accumulated
/// KEYS keys at a time in vector lanes instead of one 32-long dot product and horizontal sum per key.
#[multiversion(targets("x86_64+avx2+fma"))]
fn attend(
    q: &[f32],
    k: &[f32],
    v: &[f32],
    seg_of: &[Segment],
    heads: usize,
    t0: usize,
    cb: &mut [f32],
) {
    const FMA: bool = target_cfg_f!(target_feature = "fma");
    let h = q.len() / seg_of.len();
    let hd = h / heads;
    let scale = 1.0 / (hd as f32).sqrt();
    let mut prob = Vec::new();
    let mut kt = Vec::new();
    let mut transposed = None;
    for (i, cr) in cb.chunks_exact_mut(h).enumerate() {
        let t = t0 + i;
        let s = seg_of[t];
        let len = s.end - s.start;
        let lenp = len.div_ceil(KEYS) * KEYS;
        if transposed != Some(s.start) {
            kt.clear();
            kt.resize(h * lenp, 0.0);
            for (j, kr) in k[s.start * h..s.end * h].chunks_exact(h).enumerate() {
                let block = &mut kt[j / KEYS * h * KEYS..][..h * KEYS];
                for (c, kv) in kr.iter().enumerate() {
                    block[c * KEYS + j % KEYS] = *kv;
                }
            }
            transposed = Some(s.start);
        }
        for head in 0..heads {
            let span = head * hd..(head + 1) * hd;
            let qh = &q[t * h..][span.clone()];
            prob.clear();
            for b in 0..lenp / KEYS {
                let acc = scores::<FMA>(qh, &kt[(b * h + head * hd) * KEYS..][..hd * KEYS]);
                prob.extend(acc.iter().map(|a| a * scale));
            }
            prob.truncate(len);
            let mx = prob.iter().fold(f32::NEG_INFINITY, |a, &b| a.max(b));
            for p in prob.iter_mut() {
                *p = exp_f32::<FMA>(*p - mx);
            }
            let inv = 1.0 / sum8(&prob);
            let ch = &mut cr[span.clone()];
            let mut off = 0;
            while off + LANES <= hd {
                let acc = weighted_sum::<FMA>(&prob, &v[s.start * h + head * hd + off..], h);
                for (c, a) in ch[off..off + LANES].iter_mut().zip(&acc) {
                    *c = a * inv;
                }
                off += LANES;
            }
            if off < hd {
                let rest = &mut ch[off..];
                rest.fill(0.0);
                for (p, u) in prob.iter().zip(s.start..s.end) {
                    let vr = &v[u * h + head * hd + off..u * h + head * hd + hd];
                    for (c, vv) in rest.iter_mut().zip(vr) {
                        *c = madd::<FMA>(*p, *vv, *c);
                    }
                }
                rest.iter_mut().for_each(|c| *c *= inv);
            }
        }
    }
}

/// Cuts `segments` into `threads` contiguous groups of nearly equal token counts, or answers `None` when that is
/// not possible within ~12% (too few or too uneven texts; then each operation is split by tokens instead).
fn split_segments(segments: &[Segment], threads: usize) -> Option<Vec<&[Segment]>> {
    let total = segments.last()?.end - segments.first()?.start;
    if threads < 2 || segments.len() < threads {
        return None;
    }
    let mut groups = Vec::with_capacity(threads);
    let mut first = 0;
    for g in 1..threads {
        // The cut whose end is nearest to g/threads of the tokens, leaving every group at least one segment.
        let goal = segments[0].start + total * g / threads;
        let off = |i: usize| segments[i].end.abs_diff(goal);
        let last = segments.len() - (threads - g);
        let mut cut = first + 1;
        while cut < last && off(cut) <= off(cut - 1) {
            cut += 1;
        }
        groups.push(&segments[first..cut]);
        first = cut;
    }
    groups.push(&segments[first..]);
    let largest = groups
        .iter()
        .map(|g| g[g.len() - 1].end - g[0].start)
        .max()?;
    (largest * threads * 8 <= total * 9).then_some(groups)
}

/// Tokens per thread below which one text is not split by token rows. Splitting spawns a thread for each of the
/// ~120 operations of a pass, and on a busy machine each spawn waits for a core: at load average ~3.5 on this
/// 2-core machine a 21-token claim took 26 ms on one thread and 70-240 ms on two, a 126-token text 84 vs 120 ms,
/// and a 456-token one about the same either way. (On an idle machine two threads only save ~20% on a short text.)
const MIN_SPLIT_TOKENS: usize = 128;

/// Runs the encoder over the concatenated `ids` (each segment starts with `<s>` and ends with `</s>`, positions
/// restart at 0 in each) and returns each segment's mean-pooled, not yet normalised, vector.
///
/// With several texts, each thread runs the whole 12-layer pass on its own contiguous share of the segments: one
/// spawn per pass and no waiting for the other thread between operations (a busy, shared machine deschedules
/// threads, and every barrier then waits for the slower one). A single text, or texts too uneven to share out,
/// are split by token rows within each operation instead when long enough ([`MIN_SPLIT_TOKENS`]). Every token's
/// arithmetic is the same either way.
pub(crate) fn forward(
    w: &Weights,
    ids: &[u32],
    segments: &[Segment],
    threads: usize,
) -> Vec<Vec<f32>> {
    let Some(groups) = split_segments(segments, threads) else {
        let threads = threads.min(ids.len() / MIN_SPLIT_TOKENS).max(1);
        return forward_part(w, ids, segments, threads);
    };
    let part = |g: &[Segment]| {
        let (a, b) = (g[0].start, g[g.len() - 1].end);
        let local: Vec<Segment> = g
            .iter()
            .map(|s| Segment {
                start: s.start - a,
                end: s.end - a,
            })
            .collect();
        forward_part(w, &ids[a..b], &local, 1)
    };
    std::thread::scope(|s| {
        let others: Vec<_> = groups[1..]
            .iter()
            .map(|&g| s.spawn(move || part(g)))
            .collect();
        let mut out = part(groups[0]);
        for o in others {
            out.extend(o.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        }
        out
    })
}

/// [`forward`] over `ids` and `segments` (which cover `ids`), each operation split across `threads` by token rows.
fn forward_part(w: &Weights, ids: &[u32], segments: &[Segment], threads: usize) -> Vec<Vec<f32>> {
    let h = w.hidden;
    let t_all = ids.len();
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
        add_layernorm(xb, None, &w.eln_w, &w.eln_b, h, w.eps);
    });

    let mut q = vec![0f32; t_all * h];
    let mut k = vec![0f32; t_all * h];
    let mut v = vec![0f32; t_all * h];
    let mut ctx = vec![0f32; t_all * h];
    let mut tmp = vec![0f32; t_all * h];
    let mut mid = vec![0f32; t_all * w.ff];
    for ly in &w.layers {
        matmul(&x, &ly.q, &ly.qb, &mut q, threads);
        matmul(&x, &ly.k, &ly.kb, &mut k, threads);
        matmul(&x, &ly.v, &ly.vb, &mut v, threads);
        par_rows(&mut ctx, h, threads, |t0, cb| {
            attend(&q, &k, &v, &seg_of, w.heads, t0, cb)
        });
        matmul(&ctx, &ly.ao, &ly.aob, &mut tmp, threads);
        par_rows(&mut x, h, threads, |t0, xb| {
            let y = &tmp[t0 * h..t0 * h + xb.len()];
            add_layernorm(xb, Some(y), &ly.aln_w, &ly.aln_b, h, w.eps)
        });
        matmul(&x, &ly.fi, &ly.fib, &mut mid, threads);
        par_rows(&mut mid, w.ff, threads, |_, mb| gelu_inplace(mb));
        matmul(&mid, &ly.fo, &ly.fob, &mut tmp, threads);
        par_rows(&mut x, h, threads, |t0, xb| {
            let y = &tmp[t0 * h..t0 * h + xb.len()];
            add_layernorm(xb, Some(y), &ly.oln_w, &ly.oln_b, h, w.eps)
        });
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
    use crate::format::QK;

    #[test]
    fn erf_matches_known_values() {
        for (x, want) in [
            (0.0, 0.0),
            (0.1, 0.112_462_92),
            (0.5, 0.520_499_9),
            (1.0, 0.842_700_8),
            (-2.0, -0.995_322_3),
            (3.5, 0.999_999_3),
            (0.25, 0.276_326_4),
            (-0.3, -0.328_626_76),
            (0.75, 0.711_155_6),
            (1.5, 0.966_105_1),
            (2.5, 0.999_593),
            (6.0, 1.0),
        ] {
            for got in [erf_f32::<false>(x), erf_f32::<true>(x)] {
                assert!((got - want).abs() < 2e-7, "erf({x}) = {got} want {want}");
            }
        }
    }

    #[test]
    fn exp_is_close_to_the_library_exp() {
        for i in -800..=800 {
            let x = i as f32 * 0.1;
            let want = (x as f64).exp();
            for got in [exp_f32::<false>(x), exp_f32::<true>(x)] {
                assert!(
                    ((got as f64 - want) / want).abs() < 3e-7,
                    "exp({x}) = {got}"
                );
            }
        }
        assert!(exp_f32::<false>(-1e9) >= 0.0 && exp_f32::<false>(-1e9) < 1e-37);
    }

    #[test]
    fn the_tiled_matmul_equals_a_plain_one() {
        // 37 outputs (not a multiple of NR), 64 inputs, 13 tokens (not a multiple of MR).
        let (rows, cols, tokens) = (37, 64, 13);
        let blocks = rows * cols / QK;
        let scales: Vec<f32> = (0..blocks).map(|i| 0.01 + (i % 7) as f32 * 0.003).collect();
        let nibbles: Vec<u8> = (0..blocks * 16).map(|i| (i * 37 % 251) as u8).collect();
        let w = Q4Matrix::new(rows, cols, scales, nibbles);
        let x: Vec<f32> = (0..tokens * cols)
            .map(|i| (i as f32 * 0.37).sin())
            .collect();
        let bias: Vec<f32> = (0..rows).map(|i| i as f32 * 0.1).collect();
        let mut row = vec![0f32; cols];
        let mut want = vec![0f32; tokens * rows];
        for o in 0..rows {
            w.dequant_row(o, &mut row);
            for t in 0..tokens {
                let d: f32 = x[t * cols..(t + 1) * cols]
                    .iter()
                    .zip(&row)
                    .map(|(a, b)| a * b)
                    .sum();
                want[t * rows + o] = bias[o] + d;
            }
        }
        for threads in [1, 2, 3] {
            let mut y = vec![f32::NAN; tokens * rows];
            matmul(&x, &w, &bias, &mut y, threads);
            for (g, e) in y.iter().zip(&want) {
                assert!((g - e).abs() < 1e-4, "{g} vs {e} with {threads} threads");
            }
        }
        // Both arithmetic forms, whichever clone this CPU dispatches to; a reused scratch must not leak into the
        // next call (it is longer than this call needs after the first one).
        let mut scratch = [vec![7.0; 9999], Vec::new(), Vec::new()];
        for fused in [false, true] {
            let mut y = vec![f32::NAN; tokens * rows];
            if fused {
                matmul_block_with::<true>(&x, &w, &bias, &mut y, &mut scratch);
            } else {
                matmul_block_with::<false>(&x, &w, &bias, &mut y, &mut scratch);
            }
            for (g, e) in y.iter().zip(&want) {
                assert!((g - e).abs() < 1e-4, "{g} vs {e}, fused {fused}");
            }
        }
    }

    #[test]
    fn attention_equals_a_plain_softmax_within_each_segment() {
        // Head size 40: one register block of 32 and a tail of 8; segments of 3, 17 and 1 tokens.
        let (heads, h) = (2, 80);
        let segs = [(0, 3), (3, 20), (20, 21)];
        let t_all = 21;
        let seg_of: Vec<Segment> = (0..t_all)
            .map(|t| {
                let &(start, end) = segs.iter().find(|s| s.0 <= t && t < s.1).unwrap();
                Segment { start, end }
            })
            .collect();
        let f =
            |seed: f32| -> Vec<f32> { (0..t_all * h).map(|i| (i as f32 * seed).sin()).collect() };
        let (q, k, v) = (f(0.31), f(0.17), f(0.23));
        let hd = h / heads;
        let mut want = vec![0f32; t_all * h];
        for t in 0..t_all {
            let s = seg_of[t];
            for head in 0..heads {
                let o = head * hd;
                let sc: Vec<f64> = (s.start..s.end)
                    .map(|u| {
                        (0..hd)
                            .map(|c| (q[t * h + o + c] * k[u * h + o + c]) as f64)
                            .sum::<f64>()
                            / (hd as f64).sqrt()
                    })
                    .collect();
                let mx = sc.iter().cloned().fold(f64::MIN, f64::max);
                let e: Vec<f64> = sc.iter().map(|x| (x - mx).exp()).collect();
                let z: f64 = e.iter().sum();
                for c in 0..hd {
                    let val: f64 = (s.start..s.end)
                        .zip(&e)
                        .map(|(u, p)| p / z * v[u * h + o + c] as f64)
                        .sum();
                    want[t * h + o + c] = val as f32;
                }
            }
        }
        for threads in [1, 2, 4] {
            let mut ctx = vec![f32::NAN; t_all * h];
            par_rows(&mut ctx, h, threads, |t0, cb| {
                attend(&q, &k, &v, &seg_of, heads, t0, cb)
            });
            for (g, e) in ctx.iter().zip(&want) {
                assert!((g - e).abs() < 1e-5, "{g} vs {e} with {threads} threads");
            }
        }
    }

    #[test]
    fn segments_are_shared_out_evenly_or_not_at_all() {
        let segs = |lens: &[usize]| {
            let mut start = 0;
            lens.iter()
                .map(|&l| {
                    start += l;
                    Segment {
                        start: start - l,
                        end: start,
                    }
                })
                .collect::<Vec<_>>()
        };
        let even = segs(&[10, 12, 9, 11, 10, 10]);
        let g = split_segments(&even, 2).expect("even texts are shared");
        assert_eq!((g[0].len(), g[1].len()), (3, 3));
        assert!(split_segments(&segs(&[500, 20]), 2).is_none());
        assert!(split_segments(&segs(&[20]), 2).is_none());
        assert!(split_segments(&even, 1).is_none());
        let nine = segs(&[5; 9]);
        let g = split_segments(&nine, 3).expect("nine equal texts over three");
        assert!(g.iter().all(|g| g.len() == 3));
    }
}
