//! What the load generator reads about the hub from outside: its memory and CPU time from
//! `/proc`, and its own counters from `/metrics`.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Duration;

use anyhow::Context;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::hub_process::memory_kb;

/// Clock ticks per second of `/proc/*/stat` times (USER_HZ, 100 on Linux).
const TICKS_PER_SECOND: f64 = 100.0;

/// CPU seconds used so far.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cpu {
    /// The hub's writer thread (engine, SQLite, fsync waits are not counted).
    pub writer: f64,
    /// All other hub threads (WebSocket sessions, JSON, fan-out).
    pub hub_rest: f64,
    /// The load generator itself (every simulated device).
    pub loadgen: f64,
}

impl Cpu {
    /// Reads the hub's threads and this process.
    pub fn read(hub_pid: u32) -> Cpu {
        let mut cpu = Cpu {
            loadgen: stat_seconds("/proc/self/stat").map_or(0.0, |(_, s)| s),
            ..Cpu::default()
        };
        let Ok(tasks) = std::fs::read_dir(format!("/proc/{hub_pid}/task")) else {
            return cpu;
        };
        for task in tasks.flatten() {
            if let Some((name, secs)) = stat_seconds(&task.path().join("stat").to_string_lossy()) {
                if name == "hub-writer" {
                    cpu.writer += secs;
                } else {
                    cpu.hub_rest += secs;
                }
            }
        }
        cpu
    }

    /// CPU used since `earlier`.
    pub fn since(self, earlier: Cpu) -> Cpu {
        Cpu {
            writer: self.writer - earlier.writer,
            hub_rest: self.hub_rest - earlier.hub_rest,
            loadgen: self.loadgen - earlier.loadgen,
        }
    }
}

/// The thread or process name and its user + system CPU seconds from a `stat` file.
fn stat_seconds(path: &str) -> Option<(String, f64)> {
    let stat = std::fs::read_to_string(path).ok()?;
    let open = stat.find('(')?;
    let close = stat.rfind(')')?;
    let name = stat.get(open + 1..close)?.to_string();
    // After the name: state is field 3, utime field 14, stime field 15.
    let rest: Vec<&str> = stat.get(close + 1..)?.split_whitespace().collect();
    let ticks: f64 = rest.get(11)?.parse::<f64>().ok()? + rest.get(12)?.parse::<f64>().ok()?;
    Some((name, ticks / TICKS_PER_SECOND))
}

/// Samples the hub's resident memory every 100 ms and keeps the largest seen.
pub struct MemoryWatch {
    largest_kb: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl MemoryWatch {
    /// Starts sampling process `pid`.
    pub fn start(pid: u32) -> MemoryWatch {
        let largest_kb = Arc::new(AtomicU64::new(0));
        let largest = largest_kb.clone();
        let task = tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_millis(100));
            loop {
                tick.tick().await;
                if let Some((rss, _)) = memory_kb(pid) {
                    largest.fetch_max(rss, Relaxed);
                }
            }
        });
        MemoryWatch { largest_kb, task }
    }

    /// The largest resident set seen so far, in kB; resets the watch.
    pub fn take_largest_kb(&self) -> u64 {
        self.largest_kb.swap(0, Relaxed)
    }
}

impl Drop for MemoryWatch {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The hub's `/metrics` figures this tool uses.
#[derive(Debug, Clone, Copy, Default)]
pub struct HubMetrics {
    /// Commands applied.
    pub applied: f64,
    /// Commands refused by the engine.
    pub refused: f64,
    /// Group commits.
    pub batches: f64,
    /// Commands in all group commits.
    pub batched: f64,
    /// Seconds spent committing batches.
    pub commit_seconds: f64,
    /// Messages refused before the engine (rate limit included).
    pub rejected: f64,
    /// Last event published.
    pub last_seq: f64,
}

impl HubMetrics {
    /// Fetches `/metrics` from the hub.
    pub async fn fetch(addr: SocketAddr) -> anyhow::Result<HubMetrics> {
        let mut stream = tokio::net::TcpStream::connect(addr)
            .await
            .context("connecting for /metrics")?;
        stream
            .write_all(b"GET /metrics HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n")
            .await?;
        let mut response = String::new();
        tokio::time::timeout(
            Duration::from_secs(10),
            stream.read_to_string(&mut response),
        )
        .await
        .context("/metrics timed out")??;
        let values: HashMap<&str, f64> = response
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.rsplit_once(' '))
            .filter_map(|(k, v)| Some((k, v.trim().parse().ok()?)))
            .collect();
        let get = |k: &str| values.get(k).copied().unwrap_or(0.0);
        Ok(HubMetrics {
            applied: get("queue_commands_total{result=\"applied\"}"),
            refused: get("queue_commands_total{result=\"refused\"}"),
            batches: get("queue_batches_total"),
            batched: get("queue_batched_commands_total"),
            commit_seconds: get("queue_commit_seconds_sum"),
            rejected: get("queue_rejected_messages_total"),
            last_seq: get("queue_last_event_seq"),
        })
    }

    /// Figures since `earlier`.
    pub fn since(self, earlier: HubMetrics) -> HubMetrics {
        HubMetrics {
            applied: self.applied - earlier.applied,
            refused: self.refused - earlier.refused,
            batches: self.batches - earlier.batches,
            batched: self.batched - earlier.batched,
            commit_seconds: self.commit_seconds - earlier.commit_seconds,
            rejected: self.rejected - earlier.rejected,
            last_seq: self.last_seq - earlier.last_seq,
        }
    }
}
