//! A force-directed layout (Fruchterman–Reingold) for drawing a group on
//! the server: linked persons pull together, all push apart, the step
//! cools each round. Deterministic (start on a circle, no randomness), so
//! a page draws the same picture twice.

/// Positions of `n` nodes joined by `edges` inside `width` × `height`
/// (with a margin), after `rounds` rounds.
#[must_use]
pub fn force(
    n: usize,
    edges: &[(usize, usize)],
    width: f32,
    height: f32,
    rounds: usize,
) -> Vec<(f32, f32)> {
    const MARGIN: f32 = 40.0;
    let (w, h) = (
        (width - 2.0 * MARGIN).max(1.0),
        (height - 2.0 * MARGIN).max(1.0),
    );
    if n == 0 {
        return Vec::new();
    }
    let (cx, cy) = (width / 2.0, height / 2.0);
    let radius = w.min(h) / 2.0;
    let mut pos: Vec<(f32, f32)> = (0..n)
        .map(|i| {
            let a = i as f32 / n as f32 * std::f32::consts::TAU;
            (cx + radius * a.cos(), cy + radius * a.sin())
        })
        .collect();
    if n == 1 {
        return vec![(cx, cy)];
    }
    let k = (w * h / n as f32).sqrt();
    let mut step = w.min(h) / 10.0;
    for _ in 0..rounds {
        let mut disp = vec![(0f32, 0f32); n];
        for i in 0..n {
            for j in i + 1..n {
                let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                let d = (dx * dx + dy * dy).sqrt().max(0.01);
                let f = k * k / d;
                let (fx, fy) = (dx / d * f, dy / d * f);
                disp[i].0 += fx;
                disp[i].1 += fy;
                disp[j].0 -= fx;
                disp[j].1 -= fy;
            }
        }
        for &(a, b) in edges {
            if a == b || a >= n || b >= n {
                continue;
            }
            let (dx, dy) = (pos[a].0 - pos[b].0, pos[a].1 - pos[b].1);
            let d = (dx * dx + dy * dy).sqrt().max(0.01);
            let f = d * d / k;
            let (fx, fy) = (dx / d * f, dy / d * f);
            disp[a].0 -= fx;
            disp[a].1 -= fy;
            disp[b].0 += fx;
            disp[b].1 += fy;
        }
        for (p, d) in pos.iter_mut().zip(&disp) {
            let len = (d.0 * d.0 + d.1 * d.1).sqrt().max(0.01);
            p.0 = (p.0 + d.0 / len * len.min(step)).clamp(MARGIN, width - MARGIN);
            p.1 = (p.1 + d.1 / len * len.min(step)).clamp(MARGIN, height - MARGIN);
        }
        step = (step * 0.95).max(1.0);
    }
    pos
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_stay_inside_apart_and_the_same_each_time() {
        // A hub with 30 buyers, two of them linked to a second hub.
        let mut edges: Vec<(usize, usize)> = (1..=30).map(|b| (0, b)).collect();
        edges.extend([(31, 1), (31, 2), (31, 32)]);
        let a = force(33, &edges, 900.0, 600.0, 120);
        assert_eq!(a, force(33, &edges, 900.0, 600.0, 120), "deterministic");
        for &(x, y) in &a {
            assert!((40.0..=860.0).contains(&x) && (40.0..=560.0).contains(&y));
        }
        for i in 0..a.len() {
            for j in i + 1..a.len() {
                let d = ((a[i].0 - a[j].0).powi(2) + (a[i].1 - a[j].1).powi(2)).sqrt();
                assert!(d > 8.0, "{i} and {j} overlap ({d:.1})");
            }
        }
        // The hub sits nearer its buyers' middle than a buyer does.
        let mid = |ids: &[usize]| {
            let (sx, sy) = ids
                .iter()
                .fold((0.0, 0.0), |s, &i| (s.0 + a[i].0, s.1 + a[i].1));
            (sx / ids.len() as f32, sy / ids.len() as f32)
        };
        let buyers: Vec<usize> = (1..=30).collect();
        let m = mid(&buyers);
        let dist = |i: usize| ((a[i].0 - m.0).powi(2) + (a[i].1 - m.1).powi(2)).sqrt();
        assert!(dist(0) < dist(15));
    }

    #[test]
    fn small_cases() {
        assert!(force(0, &[], 100.0, 100.0, 10).is_empty());
        assert_eq!(force(1, &[], 100.0, 100.0, 10), vec![(50.0, 50.0)]);
    }
}
