//! A test that needs an external tool never passes by skipping where the tool is required:
//! under `CI` or `REQUIRE_XMLLINT` a missing `xmllint` fails the test.

use std::process::Command;

/// Runs in a child process (see below) with a `PATH` in which no `xmllint` can be found.
#[test]
#[ignore = "run by the tests below, in a child process without xmllint on PATH"]
fn child_needs_xmllint() {
    if integration_tests::codec::xmllint_for("a check in a child process") {
        println!("xmllint was found");
    }
}

/// Runs [`child_needs_xmllint`] with no xmllint on `PATH` and only the environment `env`.
fn child(env: &[(&str, &str)]) -> (bool, String) {
    let empty = tempfile::tempdir().unwrap();
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_needs_xmllint", "--ignored", "--nocapture"])
        .env_clear()
        .env("PATH", empty.path())
        .envs(env.iter().copied())
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn a_missing_xmllint_fails_the_test_under_ci_or_require_xmllint() {
    for var in ["CI", "REQUIRE_XMLLINT"] {
        let (ok, text) = child(&[(var, "1")]);
        assert!(
            !ok,
            "with {var}=1 the check passed without xmllint:\n{text}"
        );
        assert!(text.contains("xmllint is required"), "{text}");
    }
}

#[test]
fn a_missing_xmllint_only_skips_on_a_developer_machine() {
    let (ok, text) = child(&[]);
    assert!(ok, "{text}");
    assert!(
        text.contains("NOTICE: xmllint not found; skipping"),
        "{text}"
    );
}
