//! Load generator for the queue hub.
//!
//! Starts the real hub binary (`kiosk hub`, from the same `target/<profile>/` folder as this
//! program) over a temporary database, with an office of N counters, connects N counters,
//! M displays and K kiosks on 127.0.0.1, then runs two phases of `--seconds` each:
//!
//! 1. office: the K kiosks issue as fast as they are answered while the counters call and
//!    finish (pausing briefly when nobody waits, which keeps the queue bounded). Measures
//!    issue latency and throughput, and call-to-display: from a counter sending `call_next`
//!    to each display receiving that `ticket_called`.
//! 2. saturation: C more clients (counter devices) each issue, call next and finish in a
//!    loop as fast as they are answered. Measures commands per second.
//!
//! The hub's memory comes from `/proc/<pid>/status`, its CPU per thread from `/proc`, and
//! its batching from `/metrics`. It prints a table, then one `loadgen: key=value ...` line.
//! Build with `cargo build --release --workspace --bins` and run `target/release/loadgen`.

mod devices;
mod hub_process;
mod office;
mod probe;
mod report;
mod stats;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Parser;
use shared::client::Client;
use shared::engine::Command;
use shared::model::{CounterId, FieldCode};
use shared::protocol::Role;
use tokio::task::JoinHandle;

use devices::{Seen, Tally, connect};
use hub_process::HubProcess;
use probe::{Cpu, HubMetrics, MemoryWatch};

/// Command line.
#[derive(Parser, Debug)]
#[command(about = "Measures the queue hub under load: latencies, throughput and memory")]
struct Args {
    /// Counters in the office, each with its own clerk and device.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u16).range(1..=999))]
    counters: u16,
    /// Wall displays.
    #[arg(long, default_value_t = 20)]
    displays: usize,
    /// Kiosks issuing concurrently in the office phase.
    #[arg(long, default_value_t = 5)]
    kiosks: usize,
    /// Clients sending commands as fast as they can in the saturation phase.
    #[arg(long, default_value_t = 100)]
    clients: usize,
    /// Length of each phase.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Folder for the temporary database (default: the system's temporary folder).
    #[arg(long)]
    dir: Option<PathBuf>,
}

/// One measured phase.
pub struct Phase {
    /// Title.
    pub name: String,
    /// From start to the last device's last answer.
    pub elapsed: Duration,
    /// What each kind of device did.
    pub roles: Vec<(&'static str, Tally)>,
    /// The hub's counters during the phase.
    pub metrics: HubMetrics,
    /// CPU used during the phase.
    pub cpu: Cpu,
    /// Largest hub RSS sampled during the phase, kB.
    pub largest_rss_kb: u64,
}

/// Figures taken at the start of a phase.
struct Mark {
    at: Instant,
    metrics: HubMetrics,
    cpu: Cpu,
}

impl Mark {
    async fn take(hub: &HubProcess, memory: &MemoryWatch) -> anyhow::Result<Mark> {
        memory.take_largest_kb();
        Ok(Mark {
            metrics: HubMetrics::fetch(hub.addr).await?,
            cpu: Cpu::read(hub.pid()),
            at: Instant::now(),
        })
    }

    async fn end(
        self,
        name: String,
        roles: Vec<(&'static str, Tally)>,
        hub: &HubProcess,
        memory: &MemoryWatch,
    ) -> anyhow::Result<Phase> {
        let elapsed = self.at.elapsed();
        let metrics = HubMetrics::fetch(hub.addr).await?.since(self.metrics);
        let cpu = Cpu::read(hub.pid()).since(self.cpu);
        Ok(Phase {
            name,
            elapsed,
            roles,
            metrics,
            cpu,
            largest_rss_kb: memory.take_largest_kb(),
        })
    }
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let runtime = tokio::runtime::Runtime::new().context("starting the runtime")?;
    runtime.block_on(run(args))
}

/// Waits for every task and merges their tallies.
async fn gather(tasks: Vec<JoinHandle<Tally>>) -> anyhow::Result<Tally> {
    let mut total = Tally::default();
    for t in tasks {
        total.merge(t.await.context("a device task panicked")?);
    }
    Ok(total)
}

/// Connects `count` devices of `role` that only send: their updates are dropped, as an app
/// that does not mirror the office would (the client then skips reading events).
async fn devices(
    db: &std::path::Path,
    url: &str,
    role: Role,
    prefix: &str,
    count: usize,
    counter: impl Fn(usize) -> Option<u16>,
) -> anyhow::Result<Vec<Client>> {
    let mut clients = Vec::with_capacity(count);
    for i in 0..count {
        let (client, _updates) =
            connect(db, url, role, &format!("{prefix}-{}", i + 1), counter(i)).await?;
        clients.push(client);
    }
    Ok(clients)
}

async fn run(args: Args) -> anyhow::Result<()> {
    let dir = match &args.dir {
        Some(d) => tempfile::tempdir_in(d),
        None => tempfile::tempdir(),
    }
    .context("creating the temporary folder")?;
    let office = office::write(dir.path(), args.counters)?;
    let db = dir.path().join("office.db");
    let mut hub = HubProcess::start(&office.path, &db, &dir.path().join("hub.log"))?;
    let url = hub.url();
    let memory = MemoryWatch::start(hub.pid());
    let rss = |hub: &HubProcess| hub_process::memory_kb(hub.pid()).map_or(0, |(rss, _)| rss);
    let rss_started = rss(&hub);
    let fields: Arc<Vec<FieldCode>> = Arc::new(office.fields.clone());
    let period = Duration::from_secs(args.seconds);
    println!(
        "hub pid {} on {}, database {}",
        hub.pid(),
        hub.addr,
        db.display()
    );

    let setup = Instant::now();
    let (admin, _updates) = connect(&db, &url, Role::Admin, "loadgen-admin", None).await?;
    let opens = office.clerks.iter().enumerate().map(|(i, clerk)| {
        let command = Command::OpenCounter {
            counter: CounterId(i as u16 + 1),
            clerk: clerk.clone(),
            fields: vec![],
        };
        admin.command(command)
    });
    for opened in futures_util::future::join_all(opens).await {
        opened.context("opening a counter")?;
    }
    let (stop_displays, displays_stopped) = tokio::sync::watch::channel(false);
    let mut display_tasks = Vec::new();
    let mut progress = Vec::new();
    for d in 0..args.displays {
        let (client, updates) = connect(
            &db,
            &url,
            Role::Display,
            &format!("display-{}", d + 1),
            None,
        )
        .await?;
        let seq = Arc::new(AtomicU64::new(0));
        progress.push(seq.clone());
        display_tasks.push(tokio::spawn(devices::display(
            client,
            updates,
            seq,
            displays_stopped.clone(),
        )));
    }
    let kiosks = devices(&db, &url, Role::Kiosk, "kiosk", args.kiosks, |_| None).await?;
    let counters = devices(
        &db,
        &url,
        Role::Counter,
        "quay",
        usize::from(args.counters),
        |i| Some(i as u16 + 1),
    )
    .await?;
    let rss_connected = rss(&hub);
    println!(
        "setup: {} counters opened, {} devices connected in {:.1} s",
        args.counters,
        1 + args.displays + args.kiosks + usize::from(args.counters),
        setup.elapsed().as_secs_f64()
    );

    // Phase 1: the office at work.
    let mark = Mark::take(&hub, &memory).await?;
    let stop = Arc::new(AtomicBool::new(false));
    let issuing: Vec<_> = kiosks
        .iter()
        .enumerate()
        .map(|(k, c)| tokio::spawn(devices::kiosk(c.clone(), fields.clone(), k, stop.clone())))
        .collect();
    let calling: Vec<_> = counters
        .iter()
        .enumerate()
        .map(|(i, c)| {
            tokio::spawn(devices::counter(
                c.clone(),
                CounterId(i as u16 + 1),
                stop.clone(),
            ))
        })
        .collect();
    tokio::time::sleep(period).await;
    stop.store(true, Relaxed);
    let roles = vec![
        ("issue (kiosks)", gather(issuing).await?),
        ("call+finish (counters)", gather(calling).await?),
    ];
    let name = format!(
        "office: {} kiosks issuing, {} counters calling and finishing, {} displays",
        args.kiosks, args.counters, args.displays
    );
    let office_phase = mark.end(name, roles, &hub, &memory).await?;

    // Phase 2: as many commands as the hub takes.
    let n = usize::from(args.counters);
    let mixers = devices(&db, &url, Role::Counter, "mix", args.clients, |j| {
        Some((j % n) as u16 + 1)
    })
    .await?;
    let mark = Mark::take(&hub, &memory).await?;
    let stop = Arc::new(AtomicBool::new(false));
    let mixing: Vec<_> = mixers
        .iter()
        .enumerate()
        .map(|(j, c)| {
            tokio::spawn(devices::mixer(
                c.clone(),
                CounterId((j % n) as u16 + 1),
                fields.clone(),
                j,
                stop.clone(),
            ))
        })
        .collect();
    tokio::time::sleep(period).await;
    stop.store(true, Relaxed);
    let roles = vec![("issue+call+finish (clients)", gather(mixing).await?)];
    let name = format!(
        "saturation: {} clients each issue, call next and finish in a loop",
        args.clients
    );
    let saturation = mark.end(name, roles, &hub, &memory).await?;

    if let Some(status) = hub.exited() {
        anyhow::bail!(
            "the hub exited during the load ({status}); its log:\n{}",
            hub.log_text()
        );
    }

    // Let the displays catch up, then stop them.
    let last_seq = HubMetrics::fetch(hub.addr).await?.last_seq as u64;
    let deadline = Instant::now() + Duration::from_secs(10);
    while progress.iter().any(|p| p.load(Relaxed) < last_seq) && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let _ = stop_displays.send(true);
    let mut seen: Vec<Seen> = Vec::new();
    for t in display_tasks {
        seen.push(t.await.context("a display task panicked")?);
    }
    // Memory the hub keeps once the saturating clients have gone and it has been idle.
    drop(mixers);
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (rss_end, peak) = hub_process::memory_kb(hub.pid()).unwrap_or_default();
    let memory_report = report::Memory {
        started: rss_started,
        connected: rss_connected,
        end: rss_end,
        peak,
    };
    drop((admin, kiosks, counters));
    drop(memory);
    hub.kill()?;
    report::print(&[office_phase, saturation], &seen, last_seq, &memory_report);
    Ok(())
}
