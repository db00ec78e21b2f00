//! Byte classes, 16 bytes at a time: SSE2 on x86_64 (every x86_64 processor has it), a plain
//! loop elsewhere. The tokenizer finds the end of a text or attribute value and the bytes it
//! must check with it; the writer finds the bytes it must escape.

/// Bit `i` is set where byte `i` of `block` is one of `eq` or below `below` (`below` 0: none
/// is).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline]
pub(crate) fn classify(block: &[u8; 16], eq: [u8; 4], below: u8) -> u32 {
    #[target_feature(enable = "sse2")]
    #[inline]
    fn sse2(block: &[u8; 16], eq: [u8; 4], below: u8) -> u32 {
        use std::arch::x86_64::{
            _mm_cmpeq_epi8, _mm_max_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
            _mm_set_epi64x,
        };
        let v = u128::from_le_bytes(*block);
        let x = _mm_set_epi64x((v >> 64) as i64, v as i64);
        let is = |c: u8| _mm_cmpeq_epi8(x, _mm_set1_epi8(c as i8));
        let mut hit = _mm_or_si128(
            _mm_or_si128(is(eq[0]), is(eq[1])),
            _mm_or_si128(is(eq[2]), is(eq[3])),
        );
        if below > 0 {
            // x < below exactly where max(x, below - 1) == below - 1.
            let limit = _mm_set1_epi8((below - 1) as i8);
            hit = _mm_or_si128(hit, _mm_cmpeq_epi8(_mm_max_epu8(x, limit), limit));
        }
        _mm_movemask_epi8(hit) as u32
    }
    // SAFETY: the cfg above makes SSE2 part of this target, so the processor has it.
    unsafe { sse2(block, eq, below) }
}

/// [`classify`] byte by byte, where SSE2 is not there.
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
#[inline]
pub(crate) fn classify(block: &[u8; 16], eq: [u8; 4], below: u8) -> u32 {
    let mut hit = 0;
    for (i, &c) in block.iter().enumerate() {
        hit |= u32::from(eq.contains(&c) || c < below) << i;
    }
    hit
}

/// The 16 bytes of `hay` from `at` (zeros past its end), and the mask of those that are in it.
#[inline(always)]
pub(crate) fn block(hay: &[u8], at: usize) -> ([u8; 16], u32) {
    match <&[u8; 16]>::try_from(hay.get(at..at + 16).unwrap_or(&[])) {
        Ok(block) => (*block, 0xFFFF),
        Err(_) => {
            let mut block = [0; 16];
            let rest = hay.get(at..).unwrap_or(&[]);
            block[..rest.len()].copy_from_slice(rest);
            (block, (1 << rest.len()) - 1)
        }
    }
}

/// The first byte of `hay` that is one of `eq`.
#[inline]
pub(crate) fn find_any(hay: &[u8], eq: [u8; 4]) -> Option<usize> {
    (0..hay.len()).step_by(16).find_map(|at| {
        let (block, valid) = block(hay, at);
        let hit = classify(&block, eq, 0) & valid;
        (hit != 0).then(|| at + hit.trailing_zeros() as usize)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both against the byte-by-byte definition, at every length around the blocks.
    #[test]
    fn classify_and_find_any_are_their_definitions() {
        let alphabet = [
            b'&', b'<', b'>', b'\r', b'\n', 0x00, 0x1F, 0x20, 0x7F, 0x80, 0xEF, 0xFF, b'a',
        ];
        let mut seed = 0x2545_F491_4F6C_DD1D_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for len in 0..70 {
            for _ in 0..100 {
                let hay: Vec<u8> = (0..len)
                    .map(|_| {
                        let r = (next() % 40) as usize;
                        alphabet.get(r).copied().unwrap_or(b'x')
                    })
                    .collect();
                let eq = [b'&', b'<', b'>', b'\r'];
                assert_eq!(
                    find_any(&hay, eq),
                    hay.iter().position(|c| eq.contains(c)),
                    "{hay:?}"
                );
                for below in [0, 0x20, 0x81] {
                    let (b, _) = block(&hay, 0);
                    let want = b.iter().enumerate().fold(0, |m, (i, c)| {
                        m | u32::from(eq.contains(c) || *c < below) << i
                    });
                    assert_eq!(classify(&b, eq, below), want, "{b:?} below {below}");
                }
            }
        }
    }
}
