//! A small fixed-window rate limiter keyed by client address. In-process
//! only: behind a load balancer each instance limits on its own, which still
//! bounds guessing (the per-account lockout is in the database).

use std::collections::HashMap;
use std::sync::Mutex;

pub struct RateLimiter {
    max: u32,
    window_ms: i64,
    hits: Mutex<HashMap<String, (i64, u32)>>,
}

impl RateLimiter {
    pub fn new(max: u32, window_ms: i64) -> RateLimiter {
        RateLimiter {
            max,
            window_ms,
            hits: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one attempt from `key` at `now`; false when over the limit.
    pub fn allow(&self, key: &str, now: i64) -> bool {
        let mut hits = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        if hits.len() > 100_000 {
            // Bound memory under address spraying: drop finished windows.
            let w = self.window_ms;
            hits.retain(|_, (start, _)| now - *start < w);
        }
        let e = hits.entry(key.to_string()).or_insert((now, 0));
        if now - e.0 >= self.window_ms {
            *e = (now, 0);
        }
        e.1 += 1;
        e.1 <= self.max
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn limits_per_key_and_window() {
        let r = super::RateLimiter::new(3, 1000);
        assert!((0..3).all(|_| r.allow("a", 0)));
        assert!(!r.allow("a", 10));
        assert!(r.allow("b", 10));
        assert!(r.allow("a", 1000));
    }
}
