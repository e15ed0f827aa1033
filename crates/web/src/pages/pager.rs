//! Pagination of lists: 共 N 条, page sizes, page numbers, 跳至 … 页.

use jindu_store::service::Page;

pub struct PageLink {
    pub n: i64,
    pub href: String,
    pub current: bool,
}

pub struct Pager {
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    pub pages: i64,
    pub links: Vec<PageLink>,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub sizes: Vec<(i64, String, bool)>,
    /// The list's filters, as hidden fields for the "go to page" form.
    pub hidden: Vec<(String, String)>,
    pub action: String,
}

impl Pager {
    /// `params` are the list's current filters (without page/per_page).
    pub fn new(action: &str, params: &[(String, String)], page: Page, total: i64) -> Pager {
        let pages = ((total + page.per_page - 1) / page.per_page).max(1);
        let href = |n: i64, per: i64| {
            let mut q: Vec<(String, String)> = params
                .iter()
                .filter(|(_, v)| !v.is_empty())
                .cloned()
                .collect();
            q.push(("page".into(), n.to_string()));
            q.push(("per_page".into(), per.to_string()));
            format!(
                "{action}?{}",
                serde_urlencoded::to_string(&q).unwrap_or_default()
            )
        };
        let lo = (page.page - 3).max(1);
        let hi = (page.page + 3).min(pages);
        Pager {
            total,
            page: page.page,
            per_page: page.per_page,
            pages,
            links: (lo..=hi)
                .map(|n| PageLink {
                    n,
                    href: href(n, page.per_page),
                    current: n == page.page,
                })
                .collect(),
            prev: (page.page > 1).then(|| href(page.page - 1, page.per_page)),
            next: (page.page < pages).then(|| href(page.page + 1, page.per_page)),
            sizes: Page::SIZES
                .iter()
                .map(|s| (*s, href(1, *s), *s == page.per_page))
                .collect(),
            hidden: params
                .iter()
                .filter(|(_, v)| !v.is_empty())
                .cloned()
                .collect(),
            action: action.to_string(),
        }
    }
}
