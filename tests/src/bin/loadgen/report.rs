//! The readable table and the final `loadgen: key=value ...` line.

use std::time::Duration;

use crate::Phase;
use crate::devices::{Seen, Tally};
use crate::stats::{Summary, call_to_display, ms};

/// One latency row.
fn row(label: &str, count: usize, per_second: Option<f64>, s: &Summary) {
    let rate = per_second.map_or(String::new(), |r| format!("{r:.1}"));
    println!(
        "  {label:<30} {count:>9} {rate:>9} {:>8.2} {:>8.2} {:>8.2} {:>8.2}",
        ms(s.p50),
        ms(s.p90),
        ms(s.p99),
        ms(s.max)
    );
}

fn refusals(tally: &Tally) -> String {
    if tally.refused.is_empty() {
        return "none".into();
    }
    tally
        .refused
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn mb(kb: u64) -> f64 {
    kb as f64 / 1024.0
}

/// The hub's resident memory at points of the run, kB.
pub struct Memory {
    /// Just started, nobody connected.
    pub started: u64,
    /// Every device of the office phase connected.
    pub connected: u64,
    /// At the end, 2 s after the saturating clients left.
    pub end: u64,
    /// Peak (VmHWM).
    pub peak: u64,
}

/// The figures the last line needs from a phase.
struct Figures {
    first: Summary,
    first_rate: f64,
    first_refused: u64,
    to_display: Summary,
    answered_rate: f64,
    answered: Summary,
}

fn phase(p: &Phase, displays: &[Vec<(shared::model::TicketId, std::time::Instant)>]) -> Figures {
    let secs = p.elapsed.as_secs_f64();
    println!("\n== {} ({secs:.1} s)", p.name);
    println!(
        "  {:<30} {:>9} {:>9} {:>8} {:>8} {:>8} {:>8}",
        "applied commands", "count", "per s", "p50 ms", "p90 ms", "p99 ms", "max ms"
    );
    let mut first = None;
    for (label, tally) in &p.roles {
        let s = Summary::of(tally.latencies.clone());
        row(label, s.n, Some(tally.ok as f64 / secs), &s);
        first.get_or_insert((s, tally.ok as f64 / secs, tally.refused_total()));
    }
    let calls: Vec<_> = p
        .roles
        .iter()
        .flat_map(|(_, t)| t.calls.iter().copied())
        .collect();
    let sum = |f: fn(&Tally) -> u64| -> u64 { p.roles.iter().map(|(_, t)| f(t)).sum() };
    let (delays, missing) = call_to_display(&calls, displays);
    let to_display = Summary::of(delays);
    row(
        &format!("call -> display ({} displays)", displays.len()),
        to_display.n,
        None,
        &to_display,
    );
    for (label, tally) in &p.roles {
        println!("  refused, {label}: {}", refusals(tally));
    }
    println!(
        "  rate-limited {}, failed {}, calls {}, (call, display) pairs never seen {missing}",
        sum(|t| t.rate_limited),
        sum(|t| t.failed),
        calls.len()
    );
    let m = &p.metrics;
    let per_batch = if m.batches > 0.0 {
        m.batched / m.batches
    } else {
        0.0
    };
    let commit_ms = if m.batches > 0.0 {
        m.commit_seconds * 1e3 / m.batches
    } else {
        0.0
    };
    println!(
        "  hub: {:.0} applied + {:.0} refused commands ({:.0}/s) in {:.0} batches, {per_batch:.1} per batch, commit {commit_ms:.2} ms mean, writer busy applying and committing {:.0}% of the time; {:.0} messages rejected",
        m.applied,
        m.refused,
        (m.applied + m.refused) / secs,
        m.batches,
        100.0 * m.commit_seconds / secs,
        m.rejected
    );
    println!(
        "  cpu seconds: hub writer thread {:.2}, hub other threads {:.2}, loadgen {:.2} (wall {secs:.1} s x {} cores)",
        p.cpu.writer,
        p.cpu.hub_rest,
        p.cpu.loadgen,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!("  hub RSS, largest sample: {:.1} MB", mb(p.largest_rss_kb));
    let answered = sum(Tally::answered);
    let mut latencies = Vec::new();
    for (_, tally) in &p.roles {
        latencies.extend(tally.latencies.iter().copied());
    }
    let (first, first_rate, first_refused) = first.unwrap_or_default();
    Figures {
        first,
        first_rate,
        first_refused,
        to_display,
        answered_rate: answered as f64 / secs,
        answered: Summary::of(latencies),
    }
}

/// Prints everything.
pub fn print(phases: &[Phase], seen: &[Seen], last_seq: u64, memory: &Memory) {
    let receipts: Vec<_> = seen.iter().map(|s| s.calls.clone()).collect();
    let figures: Vec<Figures> = phases.iter().map(|p| phase(p, &receipts)).collect();
    let caught_up = seen.iter().filter(|s| s.last_seq == last_seq).count();
    let events: u64 = seen.iter().map(|s| s.events).sum();
    let extra_snapshots: u64 = seen.iter().map(|s| s.snapshots.saturating_sub(1)).sum();
    let disconnects: u64 = seen.iter().map(|s| s.disconnects).sum();
    println!(
        "\n== displays: {} mirrors, {caught_up} at the hub's last event {last_seq}; {} events each on average, {extra_snapshots} catch-up snapshots beyond the first, {disconnects} disconnects",
        seen.len(),
        events / seen.len().max(1) as u64
    );
    if let Some((tickets, bytes)) = seen.first().map(|s| s.state) {
        println!(
            "== state: a display's copy holds {tickets} tickets of today ({:.0} KB as JSON); a device connecting now is sent only the tickets in play and the 50 latest ended",
            bytes as f64 / 1024.0
        );
    }
    let (rss, peak) = (memory.end, memory.peak);
    println!(
        "== hub memory: RSS {:.1} MB at start, {:.1} MB with the office connected, {:.1} MB at the end (2 s after the saturating clients left); peak (VmHWM) {:.1} MB",
        mb(memory.started),
        mb(memory.connected),
        mb(rss),
        mb(peak)
    );
    let rate_limited: u64 = phases
        .iter()
        .flat_map(|p| &p.roles)
        .map(|(_, t)| t.rate_limited)
        .sum();
    let (Some(office), Some(saturation)) = (figures.first(), figures.get(1)) else {
        return;
    };
    let f = |d: Duration| format!("{:.2}", ms(d));
    println!(
        "\nloadgen: issue_p50_ms={} issue_p90_ms={} issue_p99_ms={} issue_max_ms={} issues_per_s={:.0} issue_refused={} call_to_display_p50_ms={} call_to_display_p90_ms={} call_to_display_p99_ms={} call_to_display_max_ms={} commands_per_s={:.0} command_p50_ms={} command_p99_ms={} rate_limited={rate_limited} hub_rss_mb={:.1} hub_peak_rss_mb={:.1}",
        f(office.first.p50),
        f(office.first.p90),
        f(office.first.p99),
        f(office.first.max),
        office.first_rate,
        office.first_refused,
        f(office.to_display.p50),
        f(office.to_display.p90),
        f(office.to_display.p99),
        f(office.to_display.max),
        saturation.answered_rate,
        f(saturation.answered.p50),
        f(saturation.answered.p99),
        mb(rss),
        mb(peak)
    );
}
