//! `kiosk test-print` and `kiosk virtual-printer`: checking a printer without the touchscreen.

use std::path::{Path, PathBuf};

use anyhow::Context;
use shared::config::{Config, PrinterConnection};
use shared::hub::public_url;
use shared::printer::{VirtualPrinter, print, status};
use shared::ticket::{Language, TicketPrint, render};

/// Prints a sample ticket (number and field of the installer's choice) on the configured
/// printer, or into `to` as a printer job plus a PNG of it.
pub fn test_print(
    config: &Path,
    number: &str,
    field: &str,
    to: Option<PathBuf>,
) -> anyhow::Result<()> {
    let config = Config::load(config)?;
    let field = config
        .fields
        .iter()
        .find(|f| f.code.as_str() == field)
        .with_context(|| format!("no field {field} in the office; fields: {}", codes(&config)))?;
    let now = chrono::Utc::now().with_timezone(&config.time_zone);
    // The same address as the kiosk's tickets, so the test print shows what phones get.
    let public = public_url::for_office(&config.hub);
    println!("QR code: {}/t/test-print", public.url);
    if let Some(problem) = &public.problem {
        println!("warning: {problem}");
    }
    let ticket = TicketPrint {
        office: config.name.clone(),
        field: field.name.clone(),
        number: number.to_string(),
        priority: None,
        people_ahead: 3,
        wait_minutes: Some(12),
        issued_at: now.format("%d/%m/%Y %H:%M").to_string(),
        url: format!("{}/t/test-print", public.url),
        footer: config.ticket_footer.clone(),
        language: Language::Vi,
    };
    let raster = render(&ticket, config.printer.width_dots());
    let connection = match &to {
        Some(path) => PrinterConnection::File {
            path: path.display().to_string(),
        },
        None => config.printer.connection.clone(),
    };
    if let Ok(Some(s)) = status(&connection) {
        println!("printer status: {}", s.problem().unwrap_or("ready"));
    }
    print(&connection, &raster)?;
    if let Some(path) = to {
        let png = path.with_extension("png");
        std::fs::write(&png, raster.to_png())
            .with_context(|| format!("writing {}", png.display()))?;
        println!(
            "wrote the job to {} and its picture to {}",
            path.display(),
            png.display()
        );
    } else {
        println!(
            "printed {number} ({}) on the configured printer",
            field.name
        );
    }
    Ok(())
}

fn codes(config: &Config) -> String {
    config
        .fields
        .iter()
        .map(|f| f.code.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Runs a virtual network printer until Ctrl-C, saving each ticket as `.bin` and `.png`.
pub fn virtual_printer(listen: &str, out: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .with_context(|| format!("listening on {listen}"))?;
        let printer = VirtualPrinter::start(listener, Some(out.to_path_buf()))?;
        println!(
            "virtual printer on {}, saving tickets in {}",
            printer.address(),
            out.display()
        );
        tokio::signal::ctrl_c().await?;
        Ok(())
    })
}
