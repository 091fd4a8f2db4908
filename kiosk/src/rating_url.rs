//! `kiosk rating-url --counter 3`: the link an installer opens on a counter's rating tablet.
//! The link carries the counter's token, keyed by the hub's own secret in its database
//! (`shared::store::secrets`), so only that tablet can rate the tickets finished at that
//! counter, and nobody can make the link from the office file.

use std::path::Path;

use anyhow::Context;
use shared::config::Config;
use shared::hub::links::tablet_path;
use shared::hub::public_url;
use shared::model::CounterId;

/// Prints the tablet link of `counter`, on the hub at `hub` (default: the address of the
/// tickets' QR codes, see [`public_url`]).
pub fn print(config: &Path, db: &Path, counter: u16, hub: Option<&str>) -> anyhow::Result<()> {
    let config = Config::load(config)?;
    let id = CounterId(counter);
    config
        .counter(id)
        .with_context(|| format!("the office has no counter {counter}"))?;
    // Tablets are on the office LAN like the citizens' phones: the same address.
    let base = match hub {
        Some(url) => url.to_string(),
        None => {
            let public = public_url::for_office(&config.hub);
            if let Some(problem) = &public.problem {
                eprintln!("warning: {problem}");
            }
            public.url
        }
    };
    let links = shared::store::secrets::links_key_file(crate::api_keys::hub_database(db)?)
        .with_context(|| format!("reading the links' key from {}", db.display()))?;
    println!("{}{}", base.trim_end_matches('/'), tablet_path(&links, id));
    Ok(())
}
