//! Timing: latencies, throughput at a fixed concurrency, medians.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Median of the samples (the upper one of an even count).
pub fn median(samples: &[f64]) -> f64 {
    let mut s = samples.to_vec();
    s.sort_by(f64::total_cmp);
    s.get(s.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Median seconds of `rounds` runs of `f`, and its last answer.
pub fn timed<T>(rounds: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut times = Vec::new();
    let mut answer = None;
    for _ in 0..rounds {
        let t = Instant::now();
        answer = Some(f());
        times.push(t.elapsed().as_secs_f64());
    }
    (
        median(&times),
        answer.unwrap_or_else(|| panic!("at least one round")),
    )
}

/// The `p`-th percentile (0..=100) of the samples.
pub fn percentile(samples: &[f64], p: f64) -> f64 {
    let mut s = samples.to_vec();
    s.sort_by(f64::total_cmp);
    if s.is_empty() {
        return f64::NAN;
    }
    let i = ((p / 100.0) * (s.len() - 1) as f64).round() as usize;
    s[i.min(s.len() - 1)]
}

/// Seconds one call of `f` takes.
pub async fn secs<F: Future<Output = T>, T>(f: F) -> (f64, T) {
    let t = Instant::now();
    let out = f.await;
    (t.elapsed().as_secs_f64(), out)
}

/// What a throughput run saw.
pub struct Load {
    pub per_sec: f64,
    /// Every request's latency in seconds, with the kind `f` returned.
    pub latencies: Vec<(&'static str, f64)>,
}

/// Runs `f` from `workers` concurrent loops for `seconds`; each call gets
/// its worker and sequence number and returns the kind of request it made.
pub async fn throughput<F, Fut>(workers: usize, seconds: f64, f: F) -> Load
where
    F: Fn(usize, u64) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = &'static str> + Send,
{
    let f = Arc::new(f);
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..workers {
        let f = f.clone();
        tasks.push(tokio::spawn(async move {
            let mut seen = Vec::new();
            let mut n = 0u64;
            while Instant::now() < deadline {
                let t = Instant::now();
                let kind = f(w, n).await;
                seen.push((kind, t.elapsed().as_secs_f64()));
                n += 1;
            }
            seen
        }));
    }
    let mut latencies = Vec::new();
    for t in tasks {
        latencies.extend(t.await.unwrap_or_default());
    }
    let elapsed = started.elapsed().as_secs_f64();
    Load {
        per_sec: latencies.len() as f64 / elapsed,
        latencies,
    }
}
