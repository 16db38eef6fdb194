//! Hashes: SHA-256 for content addresses, FNV-1a where a hash must stay the same across Rust releases, and the Fx
//! hasher for hot in-memory maps.

use std::hash::{BuildHasherDefault, Hasher};

use sha2::{Digest, Sha256};

/// Lower-case hex SHA-256 of `bytes`: the content address of a snapshot, a bundle entry, a WARC payload.
pub fn sha256_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    out
}

/// The FNV-1a offset basis: the `seed` for a fresh [`fnv1a`].
pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
/// The FNV-1a prime.
pub const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// One byte folded into an FNV-1a state: [`fnv1a`]'s step, for hot loops that hash bytes as they read them
/// (the detector's ASCII tokenizer, the report's shingles) and must agree with it bit for bit.
#[inline]
pub const fn fnv1a_step(h: u64, byte: u8) -> u64 {
    (h ^ byte as u64).wrapping_mul(FNV_PRIME)
}

/// FNV-1a over `bytes`, continuing from `seed` ([`FNV_OFFSET`] to start). Written out, not `std`'s hasher,
/// because saved data (near-duplicate groups in a report, the detector's hashed features) must not change when
/// Rust's default hasher does.
pub const fn fnv1a(bytes: &[u8], seed: u64) -> u64 {
    let mut h = seed;
    let mut i = 0;
    // A `while` loop so that constant strings hash at compile time.
    while i < bytes.len() {
        h = fnv1a_step(h, bytes[i]);
        i += 1;
    }
    h
}

/// [`fnv1a`] as a [`Hasher`], for maps keyed by short fixed strings (the detector's lexicon), where SipHash's
/// DoS resistance buys nothing.
#[derive(Debug, Clone, Copy)]
pub struct FnvHasher(u64);

impl Default for FnvHasher {
    fn default() -> Self {
        FnvHasher(FNV_OFFSET)
    }
}

impl Hasher for FnvHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0 = fnv1a(bytes, self.0);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Builds [`FnvHasher`]s for a `HashMap`.
pub type FnvBuildHasher = BuildHasherDefault<FnvHasher>;

/// FxHash (the rustc hasher), eight bytes at a time: for per-thread caches hit once per word of a megabyte
/// snapshot, where FNV's byte loop shows in profiles.
#[derive(Debug, Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut buf = [0u8; 8];
            buf[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(buf))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Builds [`FxHasher`]s for a `HashMap`.
pub type FxBuildHasher = BuildHasherDefault<FxHasher>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_vectors() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        // FNV-1a 64 test vectors (Fowler/Noll/Vo).
        assert_eq!(fnv1a(b"", FNV_OFFSET), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a", FNV_OFFSET), 0xaf63_dc4c_8601_ec8c);
        let mut h = FnvHasher::default();
        h.write(b"a");
        assert_eq!(h.finish(), 0xaf63_dc4c_8601_ec8c);
    }
}
