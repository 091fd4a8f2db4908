//! The sign-in flood against a real hub: starts `kiosk hub` (this build's, or another
//! with `--kiosk`) over a temporary database of the default office, then fires `--requests`
//! wrong manager sign-ins at `/reports/login` and `--websocket` wrong admin hellos at `/ws`,
//! all at once, from `--addresses` loopback addresses (127.0.1.x), while the real manager
//! signs in from her desk, 127.0.0.2 (where she signed in once before the flood). Prints the hub's peak resident memory (`VmHWM`), the PIN checks
//! it ran (`queue_pin_checks_total` in `/metrics`; for a hub without that counter, the log
//! lines of wrong PINs) and how each request was answered, then one
//! `signin-flood: key=value ...` line.
//!
//! `cargo build --workspace --bins && target/debug/signin-flood`

#[allow(dead_code)] // shared with the load generator, which uses all of it
#[path = "../loadgen/hub_process.rs"]
mod hub_process;

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Parser;
use futures_util::{SinkExt, StreamExt};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio::sync::Barrier;
use tokio_tungstenite::tungstenite::Message;

use hub_process::{HubProcess, kiosk_binary, memory_kb};

/// Command line.
#[derive(Parser, Debug)]
#[command(about = "Floods a real hub with wrong sign-ins and reports its memory and PIN checks")]
struct Args {
    /// Wrong sign-ins posted to /reports/login at once.
    #[arg(long, default_value_t = 1000)]
    requests: usize,
    /// Wrong admin hellos sent to /ws at once.
    #[arg(long, default_value_t = 100)]
    websocket: usize,
    /// Loopback addresses the flood comes from (127.0.1.1 and on).
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u8).range(1..=250))]
    addresses: u8,
    /// The kiosk binary to run (default: the one beside this program).
    #[arg(long)]
    kiosk: Option<PathBuf>,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(run(args))
}

async fn run(args: Args) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let kiosk = match &args.kiosk {
        Some(path) => path.clone(),
        None => kiosk_binary()?,
    };
    let hub = HubProcess::start_binary(
        &kiosk,
        &tests::default_office_path(),
        &dir.path().join("office.db"),
        &dir.path().join("hub.log"),
    )?;
    let addr = hub.addr;
    // The worst case for the WebSocket: the admin device's own token, stolen, with guessed
    // PINs (without a device token a hello is refused before any PIN is looked at).
    let admin_token: Arc<str> = tests::device_token(
        &dir.path().join("office.db"),
        shared::protocol::Role::Admin,
        "flood-admin",
        None,
    )
    .into();
    // The manager signed in at her desk earlier in the day.
    let form = format!("clerk={}&pin={}", tests::MANAGER.0, tests::MANAGER.1);
    let desk = IpAddr::from([127, 0, 0, 2]);
    let earlier = sign_in(addr, desk, &form, None).await;
    anyhow::ensure!(
        earlier.contains("303"),
        "the manager's first sign-in: {earlier}"
    );
    let (rss_before, _) = memory_kb(hub.pid()).context("the hub's memory")?;
    // The peak is VmHWM; it is read as the flood goes too, in case the hub does not survive.
    let peak = Arc::new(AtomicU64::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let watch = {
        let (peak, done, pid) = (peak.clone(), done.clone(), hub.pid());
        std::thread::spawn(move || {
            while !done.load(Relaxed) {
                if let Some((_, hwm)) = memory_kb(pid) {
                    peak.fetch_max(hwm, Relaxed);
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        })
    };

    let total = args.requests + args.websocket;
    let start = Arc::new(Barrier::new(total + 1));
    let mut flood = Vec::with_capacity(total);
    for n in 0..total {
        let from = IpAddr::from([127, 0, 1, (n % usize::from(args.addresses)) as u8 + 1]);
        let start = start.clone();
        let pin = 100_000 + n;
        let websocket = n >= args.requests;
        let token = admin_token.clone();
        flood.push(tokio::spawn(async move {
            if websocket {
                admin_hello(addr, from, pin, &token, start).await
            } else {
                sign_in(addr, from, &format!("clerk=quanly&pin={pin}"), Some(start)).await
            }
        }));
    }
    start.wait().await;
    let began = Instant::now();
    // The real manager, from her own desk, during the flood.
    // She tries again when told the hub is busy, as the page asks, up to ten times.
    let manager = tokio::spawn(async move {
        let mut tries = 0;
        loop {
            tries += 1;
            let answer = sign_in(addr, desk, &form, None).await;
            if !answer.contains("503") || tries == 10 {
                return (format!("{answer} (try {tries})"), began.elapsed());
            }
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    });
    let mut answers = BTreeMap::<String, usize>::new();
    for task in flood {
        *answers.entry(task.await?).or_default() += 1;
    }
    let flood_took = began.elapsed();
    let (manager, manager_took) = manager.await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    done.store(true, Relaxed);
    let _ = watch.join();
    if let Some((_, hwm)) = memory_kb(hub.pid()) {
        peak.fetch_max(hwm, Relaxed);
    }
    let peak = peak.load(Relaxed);
    let mut hub = hub;
    if let Some(status) = hub.exited() {
        let log = hub.log_text();
        let last: Vec<&str> = log.lines().rev().take(3).collect();
        println!("the hub did not survive the flood ({status}); its log ends:");
        for line in last.into_iter().rev() {
            println!("  {line}");
        }
    }
    let checks = match metric(addr, "queue_pin_checks_total").await {
        Some(n) => format!("{n}"),
        None => {
            // A hub from before the counter logs every wrong PIN it checked.
            let log = hub.log_text();
            let wrong = log.matches("reports sign-in refused").count()
                + log
                    .matches("sign-in locked after repeated wrong PINs")
                    .count();
            format!("{wrong} (from the log: this hub has no counter)")
        }
    };
    let peak_at_once = metric(addr, "queue_pin_checks_peak")
        .await
        .map_or("-".to_string(), |n| n.to_string());

    println!("kiosk binary:            {}", kiosk.display());
    println!(
        "flood:                   {} sign-ins + {} admin hellos from {} addresses, in {:.1} s",
        args.requests,
        args.websocket,
        args.addresses,
        flood_took.as_secs_f64()
    );
    println!(
        "hub memory before:       {:.1} MB (VmRSS)",
        rss_before as f64 / 1024.0
    );
    println!(
        "hub peak memory:         {:.1} MB (VmHWM)",
        peak as f64 / 1024.0
    );
    println!("PIN checks run:          {checks}");
    println!("PIN checks at once, max: {peak_at_once}");
    println!("answers:");
    for (answer, n) in &answers {
        println!("  {n:>5}  {answer}");
    }
    println!(
        "manager from 127.0.0.2:  {manager} after {:.1} s",
        manager_took.as_secs_f64()
    );
    println!(
        "signin-flood: requests={} websocket={} addresses={} peak_kb={peak} rss_before_kb={rss_before} pin_checks={} manager={}",
        args.requests,
        args.websocket,
        args.addresses,
        checks.split(' ').next().unwrap_or_default(),
        manager.replace(' ', "_")
    );
    Ok(())
}

/// A TCP connection to `hub` from `from`.
async fn connect_from(hub: SocketAddr, from: IpAddr) -> std::io::Result<TcpStream> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::new(from, 0))?;
    socket.connect(hub).await
}

/// Posts `form` to `/reports/login` over TLS from `from` (after `start`, if given); the answer's
/// status line, or why there was none.
async fn sign_in(hub: SocketAddr, from: IpAddr, form: &str, start: Option<Arc<Barrier>>) -> String {
    let connected = connect_from(hub, from).await;
    if let Some(start) = start {
        start.wait().await;
    }
    let tcp = match connected {
        Ok(s) => s,
        Err(e) => return format!("not connected: {}", e.kind()),
    };
    // The manager's pages answer only over TLS.
    let mut stream = match tests::tls_over(tcp).await {
        Ok(s) => s,
        Err(e) => return format!("no TLS: {}", e.kind()),
    };
    let request = format!(
        "POST /reports/login HTTP/1.1\r\nHost: hub\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{form}",
        form.len()
    );
    if stream.write_all(request.as_bytes()).await.is_err() {
        return "closed by the hub".into();
    }
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let text = String::from_utf8_lossy(&answer);
    match text.lines().next() {
        Some(line) if line.starts_with("HTTP/") => {
            format!("/reports/login {}", line.trim_start_matches("HTTP/1.1 "))
        }
        _ => "closed by the hub".into(),
    }
}

/// Says hello as the admin role with a wrong PIN from `from` (after `start`); the hub's
/// answer's error code.
async fn admin_hello(
    hub: SocketAddr,
    from: IpAddr,
    pin: usize,
    token: &str,
    start: Arc<Barrier>,
) -> String {
    let connected = connect_from(hub, from).await;
    let ws = match connected {
        Ok(stream) => tokio_tungstenite::client_async(format!("ws://{hub}/ws"), stream)
            .await
            .map(|(ws, _)| ws),
        Err(e) => {
            start.wait().await;
            return format!("ws not connected: {}", e.kind());
        }
    };
    start.wait().await;
    let Ok(mut ws) = ws else {
        return "ws upgrade refused".into();
    };
    let hello = serde_json::json!({
        "type": "hello",
        "protocol": shared::protocol::PROTOCOL_VERSION,
        "role": "admin",
        "device": "flood-admin",
        "token": token,
        "clerk": tests::MANAGER.0,
        "pin": pin.to_string(),
    });
    if ws.send(Message::text(hello.to_string())).await.is_err() {
        return "ws closed by the hub".into();
    }
    match ws.next().await {
        Some(Ok(Message::Text(text))) => {
            let reply: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
            format!(
                "/ws admin hello {} {}",
                reply["type"].as_str().unwrap_or("?"),
                reply["code"].as_str().unwrap_or("")
            )
        }
        _ => "ws closed by the hub".into(),
    }
}

/// A sample from the hub's `/metrics`, if it has it (asked from 127.0.0.9).
async fn metric(hub: SocketAddr, name: &str) -> Option<u64> {
    let mut stream = connect_from(hub, IpAddr::from([127, 0, 0, 9])).await.ok()?;
    stream
        .write_all(b"GET /metrics HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n")
        .await
        .ok()?;
    let mut body = String::new();
    stream.read_to_string(&mut body).await.ok()?;
    body.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
}
