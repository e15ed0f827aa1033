//! Documents of the person's file: type checked by content, encrypted at
//! rest, downloads audited, scoped.

use serde_json::Value;

use crate::harness::{Client, TestServer};

async fn upload(c: &Client, person: &str, name: &str, bytes: &[u8]) -> reqwest::Response {
    let form = reqwest::multipart::Form::new()
        .text("kind", "decision")
        .text("title", "社区戒毒决定书")
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_string()),
        );
    c.http
        .post(format!("{}/api/v1/persons/{person}/attachments", c.base))
        .header("x-csrf-token", &c.csrf)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn documents_are_checked_encrypted_and_audited() {
    let s = TestServer::start().await;
    let c = s.login("socialworker_a").await;
    let p = s.fx.persons["a0"].clone();
    let pdf = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\nsecret-marker-8841\n%%EOF\n";
    let r = upload(&c, &p, "决定书.pdf", pdf).await;
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    // A renamed executable is refused by its content.
    let r = upload(&c, &p, "scan.pdf", b"MZ\x90\x00\x03 this is not a pdf").await;
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "attachment.type");
    // A scan of 8 MB is accepted; one over 10 MB is refused, nothing kept.
    let mut scan = b"%PDF-1.5\n".to_vec();
    scan.resize(8 * 1024 * 1024, b'0');
    assert_eq!(upload(&c, &p, "扫描件.pdf", &scan).await.status(), 201);
    let count = || async {
        s.ctx
            .db
            .scalar_i64(jindu_store::Q::new("SELECT COUNT(*) FROM attachments"))
            .await
            .unwrap()
    };
    let before = count().await;
    scan.resize(12 * 1024 * 1024, b'0');
    let status = upload(&c, &p, "过大.pdf", &scan).await.status().as_u16();
    assert!(status == 413 || status == 422, "{status}");
    assert_eq!(count().await, before);
    // Encrypted at rest: the marker is not in the stored bytes.
    let raw = s
        .ctx
        .db
        .fetch_one(
            jindu_store::Q::new("SELECT content_enc FROM attachments WHERE id = $1")
                .bind(id.clone()),
        )
        .await
        .unwrap();
    let stored = raw.bytes("content_enc").unwrap();
    assert!(
        !stored
            .windows(b"secret-marker-8841".len())
            .any(|w| w == b"secret-marker-8841")
    );
    // Listed on the file and downloaded as it was, as an attachment.
    let v: Value = c
        .get(&format!("/api/v1/persons/{p}/attachments"))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["mime"] == "application/pdf")
    );
    let before = s.audit_count().await;
    let r = c.get(&format!("/attachments/{id}")).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    assert_eq!(r.bytes().await.unwrap().as_ref(), pdf);
    assert_eq!(s.audit_count().await, before + 1);
    assert_eq!(s.last_events(1).await, vec!["attachment.view"]);
    // Out of scope: county B's document.
    assert_eq!(
        c.get(&format!("/attachments/{}", s.fx.attachment_b))
            .await
            .status(),
        404
    );
    assert_eq!(
        upload(&c, &s.fx.persons["b3"], "x.pdf", pdf).await.status(),
        404
    );
    let (_, html) = c.get_text(&format!("/persons/{p}")).await;
    assert!(html.contains("档案材料") && html.contains("社区戒毒决定书"));
}
