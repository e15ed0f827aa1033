//! A person's supply network drawn on the server (no script, printable):
//! the person in the middle, the up-line (suppliers) in rows above by
//! number of hops, the down-line (buyers) in rows below, each link from a
//! person to the one nearer the middle. A row shows at most [`PER_ROW`]
//! persons; the rest are summarised as one "+n" node. And a person's whole
//! group, laid out by force.

use jindu_analysis::layout::force;
use jindu_domain::register::RegisterStatus;
use jindu_store::service::group_view::PersonGroup;
use jindu_store::service::links::ChainEntry;

pub const WIDTH: f32 = 960.0;
const ROW: f32 = 92.0;
const MARGIN: f32 = 48.0;
/// Persons drawn per row; beyond, a summary.
pub const PER_ROW: usize = 14;

pub struct Node {
    pub x: f32,
    pub y: f32,
    pub label: String,
    /// The network page of the person, none for the summary of a row.
    pub href: Option<String>,
    /// `center`, `up`, `down` or `more`.
    pub class: &'static str,
    /// The register status's code, drawn as a ring ("" for none).
    pub status: &'static str,
}

pub struct Edge {
    pub x1: f32,
    pub y1: f32,
    pub x2: f32,
    pub y2: f32,
}

pub struct Network {
    pub width: f32,
    pub height: f32,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// Lays out the person `center` with their up-line and down-line.
#[must_use]
pub fn layout(center: (&str, &str), up: &[ChainEntry], down: &[ChainEntry]) -> Network {
    let rows = |v: &[ChainEntry]| v.iter().map(|e| e.hops).max().unwrap_or(0);
    let (above, below) = (rows(up), rows(down));
    let height = MARGIN * 2.0 + ROW * (above + below) as f32;
    let cy = MARGIN + ROW * above as f32;
    let mut net = Network {
        width: WIDTH,
        height,
        nodes: vec![Node {
            x: WIDTH / 2.0,
            y: cy,
            label: center.1.to_string(),
            href: None,
            class: "center",
            status: "",
        }],
        edges: Vec::new(),
    };
    // Where each drawn person is, to draw their link to `via`.
    let mut at: Vec<(&str, f32, f32)> = vec![(center.0, WIDTH / 2.0, cy)];
    for (entries, sign, class) in [(up, -1.0, "up"), (down, 1.0, "down")] {
        for hop in 1..=rows(entries) {
            let row: Vec<&ChainEntry> = entries.iter().filter(|e| e.hops == hop).collect();
            let shown = row.len().min(PER_ROW);
            let slots = shown + usize::from(row.len() > PER_ROW);
            let y = cy + sign * ROW * hop as f32;
            let step = (WIDTH - 2.0 * MARGIN) / slots as f32;
            for (i, e) in row.iter().take(shown).enumerate() {
                let x = MARGIN + step * (i as f32 + 0.5);
                net.nodes.push(Node {
                    x,
                    y,
                    label: e.name.clone(),
                    href: Some(format!("/persons/{}/network", e.person_id)),
                    class,
                    status: "",
                });
                if let Some((_, vx, vy)) = at.iter().find(|(p, _, _)| *p == e.via) {
                    net.edges.push(Edge {
                        x1: x,
                        y1: y,
                        x2: *vx,
                        y2: *vy,
                    });
                }
                at.push((&e.person_id, x, y));
            }
            if row.len() > PER_ROW {
                net.nodes.push(Node {
                    x: MARGIN + step * (shown as f32 + 0.5),
                    y,
                    label: format!("+{}", row.len() - shown),
                    href: None,
                    class: "more",
                    status: "",
                });
            }
        }
    }
    net
}

/// A link of a group drawing, styled by its kind.
pub struct GroupLink {
    pub x1: f32,
    pub y1: f32,
    pub x2: f32,
    pub y2: f32,
    /// The link kind's code (`supplied`, `co_offender` …).
    pub class: &'static str,
}

/// A shared object of a group drawing: a square, styled by its kind.
pub struct ObjectNode {
    /// Its page (`/objects/{id}`).
    pub id: String,
    pub x: f32,
    pub y: f32,
    pub label: String,
    /// The kind's code (`phone`, `vehicle`, `venue`, `place`).
    pub kind: String,
}

pub struct GroupDrawing {
    pub width: f32,
    pub height: f32,
    pub nodes: Vec<Node>,
    pub objects: Vec<ObjectNode>,
    /// Links between persons, then ties of persons to objects (`object`).
    pub links: Vec<GroupLink>,
}

/// The classes of members by community: eight colours, repeated beyond.
const COMMUNITY: [&str; 8] = [
    "member c0",
    "member c1",
    "member c2",
    "member c3",
    "member c4",
    "member c5",
    "member c6",
    "member c7",
];

/// Lays out a person's group with a force-directed layout: the person
/// (`center`), persons in scope (`member`, coloured by their community,
/// ringed by their register status, linked to their network page),
/// persons outside it (`outside`, unlabelled) and the objects two or more
/// of them share (squares, after the persons).
#[must_use]
pub fn group(g: &PersonGroup) -> GroupDrawing {
    let total = g.nodes.len() + g.objects.len();
    let height = (420.0 + 1.2 * total as f32).min(900.0);
    let persons = g.nodes.len();
    let mut edges: Vec<(usize, usize)> = g.edges.iter().map(|e| (e.from, e.to)).collect();
    for (j, o) in g.objects.iter().enumerate() {
        edges.extend(o.members.iter().map(|&m| (m, persons + j)));
    }
    let pos = force(total, &edges, WIDTH, height, 150);
    let nodes = g
        .nodes
        .iter()
        .zip(&pos)
        .enumerate()
        .map(|(i, (n, &(x, y)))| Node {
            x,
            y,
            label: n.name.clone(),
            href: n
                .person_id
                .as_ref()
                .map(|p| format!("/persons/{p}/network")),
            class: match (i, &n.person_id) {
                (0, _) => "center",
                (_, Some(_)) => COMMUNITY[n.community % COMMUNITY.len()],
                (_, None) => "outside",
            },
            status: n
                .status
                .as_deref()
                .and_then(RegisterStatus::from_code)
                .map_or("", RegisterStatus::code),
        })
        .collect();
    let line = |(a, b): (usize, usize), class: &'static str| GroupLink {
        x1: pos[a].0,
        y1: pos[a].1,
        x2: pos[b].0,
        y2: pos[b].1,
        class,
    };
    let mut links: Vec<GroupLink> = g
        .edges
        .iter()
        .map(|e| line((e.from, e.to), e.kind))
        .collect();
    let objects = g
        .objects
        .iter()
        .enumerate()
        .map(|(j, o)| {
            links.extend(o.members.iter().map(|&m| line((m, persons + j), "object")));
            ObjectNode {
                id: o.object_id.clone(),
                x: pos[persons + j].0,
                y: pos[persons + j].1,
                label: o.label.clone(),
                kind: o.kind.clone(),
            }
        })
        .collect();
    GroupDrawing {
        width: WIDTH,
        height,
        nodes,
        objects,
        links,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, hops: usize, via: &str) -> ChainEntry {
        ChainEntry {
            person_id: id.into(),
            name: format!("名{id}"),
            hops,
            via: via.into(),
        }
    }

    #[test]
    fn rows_by_hops_inside_the_canvas_with_links_to_the_nearer_person() {
        let up = vec![entry("s", 1, "c"), entry("w", 2, "s")];
        let mut down: Vec<ChainEntry> = (0..20).map(|i| entry(&format!("b{i}"), 1, "c")).collect();
        down.push(entry("x", 2, "b0"));
        let net = layout(("c", "中心"), &up, &down);
        assert_eq!(net.height, MARGIN * 2.0 + ROW * 4.0);
        // The supplier above the middle, the wholesaler above them.
        let y = |label: &str| net.nodes.iter().find(|n| n.label == label).unwrap().y;
        assert!(
            y("名w") < y("名s")
                && y("名s") < y("中心")
                && y("中心") < y("名b0")
                && y("名b0") < y("名x")
        );
        // 14 buyers drawn and one summary of the 6 others.
        assert_eq!(
            net.nodes
                .iter()
                .filter(|n| n.class == "down" && n.y == y("名b0"))
                .count(),
            PER_ROW
        );
        assert!(
            net.nodes
                .iter()
                .any(|n| n.class == "more" && n.label == "+6")
        );
        for n in &net.nodes {
            assert!(n.x > 0.0 && n.x < net.width && n.y > 0.0 && n.y < net.height);
        }
        let mut xy: Vec<(i32, i32)> = net.nodes.iter().map(|n| (n.x as i32, n.y as i32)).collect();
        xy.sort_unstable();
        xy.dedup();
        assert_eq!(xy.len(), net.nodes.len(), "no two nodes in one place");
        // s–c, w–s, 14 buyers–c, x–b0.
        assert_eq!(net.edges.len(), 17);
    }

    #[test]
    fn a_person_without_links_is_drawn_alone() {
        let net = layout(("c", "中心"), &[], &[]);
        assert_eq!((net.nodes.len(), net.edges.len()), (1, 0));
        assert_eq!(net.height, MARGIN * 2.0);
    }
}
