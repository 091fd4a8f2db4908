//! `hub.tls_certificate` and `hub.tls_key`: the office's own certificate, checked when the
//! office file is read, with the file, line and key of any problem.

use std::path::Path;

use shared::config::Config;

const OFFICE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../assets/config/office.toml");

/// The default office with `keys` added to `[hub]`, written as `office.toml` in `dir`;
/// what reading it gives, and the line the first added key is on.
fn office_with(dir: &Path, keys: &str) -> (Result<Config, String>, usize) {
    let text = std::fs::read_to_string(OFFICE).expect("the default office file");
    let anchor = "advertise = false";
    let text = text.replacen(anchor, &format!("{anchor}\n{keys}"), 1);
    let line = text[..text.find(keys).expect("added")]
        .matches('\n')
        .count()
        + 1;
    let path = dir.join("office.toml");
    std::fs::write(&path, text).expect("write");
    (Config::load(&path).map_err(|e| e.to_string()), line)
}

/// A new certificate and key as PEM files `name.pem` and `name.key` in `dir`.
fn certificate(dir: &Path, name: &str) {
    let made = rcgen::generate_simple_self_signed(vec!["queue.office.lan".to_string()])
        .expect("a certificate");
    std::fs::write(dir.join(format!("{name}.pem")), made.cert.pem()).expect("write");
    std::fs::write(
        dir.join(format!("{name}.key")),
        made.signing_key.serialize_pem(),
    )
    .expect("write");
}

#[test]
fn files_beside_the_office_file_are_taken_from_its_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    certificate(dir.path(), "hub");
    let (config, _) = office_with(
        dir.path(),
        "tls_certificate = \"hub.pem\"\ntls_key = \"hub.key\"",
    );
    let config = config.expect("a good certificate is accepted");
    assert_eq!(config.hub.tls_certificate, Some(dir.path().join("hub.pem")));
    assert_eq!(config.hub.tls_key, Some(dir.path().join("hub.key")));
    // Without them the hub makes its own.
    let (config, _) = office_with(dir.path(), "");
    assert_eq!(config.expect("default").hub.tls_certificate, None);
}

#[test]
fn each_bad_certificate_setting_names_its_line_and_key() {
    let dir = tempfile::tempdir().expect("temp dir");
    let shown = dir.path().join("office.toml").display().to_string();
    certificate(dir.path(), "a");
    certificate(dir.path(), "b");
    let missing = dir.path().join("missing.pem").display().to_string();
    for (keys, message) in [
        (
            "tls_certificate = \"a.pem\"",
            "hub.tls_certificate: give hub.tls_key too (the certificate's private key, PEM)"
                .to_string(),
        ),
        (
            "tls_key = \"a.key\"",
            "hub.tls_key: give hub.tls_certificate too (the certificate, PEM)".to_string(),
        ),
        (
            "tls_certificate = \"missing.pem\"\ntls_key = \"a.key\"",
            format!("hub.tls_certificate: cannot read a PEM certificate from {missing}: "),
        ),
        (
            "tls_certificate = \"a.key\"\ntls_key = \"a.key\"",
            format!(
                "hub.tls_certificate: {} holds no PEM certificate",
                dir.path().join("a.key").display()
            ),
        ),
        (
            "tls_certificate = \"a.pem\"\ntls_key = \"b.key\"",
            "hub.tls_key: the key does not fit the certificate: ".to_string(),
        ),
    ] {
        let (read, first_line) = office_with(dir.path(), keys);
        let error = read.expect_err(keys);
        // The line of the key the message names: the first added, or the second.
        let key = message
            .split(':')
            .next()
            .unwrap_or_default()
            .trim_start_matches("hub.");
        let line = first_line + usize::from(!keys.starts_with(key));
        let expected = format!("{shown}:{line}: {message}");
        assert!(
            error.starts_with(&expected),
            "{keys}:\n{error}\nnot\n{expected}"
        );
    }
}
