//! A short, dependency-free description of how two generated files differ (for `codegen check`
//! and the snapshot test).

/// `None` when equal; otherwise the first differing line with a little context from both sides.
pub fn first_difference(old: &str, new: &str) -> Option<String> {
    if old == new {
        return None;
    }
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let first = a
        .iter()
        .zip(&b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    // Align the tails to estimate how big the changed region is.
    let mut tail = 0;
    while tail < a.len() - first
        && tail < b.len() - first
        && a[a.len() - 1 - tail] == b[b.len() - 1 - tail]
    {
        tail += 1;
    }
    let (a_end, b_end) = (a.len() - tail, b.len() - tail);
    let mut out = format!(
        "@@ line {} (-{} +{} lines) @@\n",
        first + 1,
        a_end - first,
        b_end - first
    );
    const SHOW: usize = 8;
    for line in &a[first..a_end.min(first + SHOW)] {
        out.push_str(&format!("-{line}\n"));
    }
    if a_end - first > SHOW {
        out.push_str(&format!("-... ({} more)\n", a_end - first - SHOW));
    }
    for line in &b[first..b_end.min(first + SHOW)] {
        out.push_str(&format!("+{line}\n"));
    }
    if b_end - first > SHOW {
        out.push_str(&format!("+... ({} more)\n", b_end - first - SHOW));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn shows_changed_lines() {
        assert_eq!(super::first_difference("a\nb\n", "a\nb\n"), None);
        let d = super::first_difference("a\nb\nc\n", "a\nx\nc\n").unwrap();
        assert_eq!(d, "@@ line 2 (-1 +1 lines) @@\n-b\n+x\n");
        let d = super::first_difference("a\n", "a\nb\n").unwrap();
        assert!(d.contains("+b"), "{d}");
    }
}
