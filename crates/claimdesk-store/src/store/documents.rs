//! Documents and their versions: creating a document from a draft (with its first version and its claims) and
//! reading documents and version texts back.

use super::anchoring::validate_claims;
use super::codec::{decode, id_key, version_key};
use super::{Store, DOCUMENTS, VERSIONS};
use crate::error::{Result, StoreError};
use crate::model::*;
use claimdesk_core::sha256_hex;

impl Store {
    /// Stores a new draft as a document with its first version, and every sentence as an unsourced claim.
    pub fn create_document(&self, new: NewDocument, editor: &str) -> Result<Document> {
        let title = new.title.trim();
        if title.is_empty() {
            return Err(StoreError::invalid("the document title is empty"));
        }
        let claims = validate_claims(&new.text, &new.claims)?;
        let sha = sha256_hex(new.text.as_bytes());
        self.act(editor, |tx| {
            let id = tx.next_id("document")?;
            let info = VersionInfo {
                number: 1,
                sha256: sha.clone(),
                bytes: new.text.len(),
                file_name: new.file_name.clone(),
                imported_at: tx.now,
                editor: editor.to_string(),
            };
            let doc = Document {
                id,
                title: title.to_string(),
                versions: vec![info.clone()],
                created_at: tx.now,
                updated_at: tx.now,
            };
            tx.put(DOCUMENTS, &id_key(id), &doc)?;
            tx.put(VERSIONS, &version_key(id, 1), &DocumentVersion { document: id, info, text: new.text.clone() })?;
            tx.event(
                Entity::Document(id),
                None,
                EventKind::DocumentCreated,
                None,
                Some(serde_json::json!({"title": doc.title, "sha256": sha, "file_name": new.file_name,
                                        "claims": claims.len()})),
                None,
            )?;
            tx.create_claims(id, 1, &new.text, &claims)?;
            Ok(doc)
        })
    }

    /// Every document, oldest first.
    pub fn documents(&self) -> Result<Vec<Document>> {
        self.tree(DOCUMENTS)?
            .iter()
            .values()
            .map(|v| decode(&v?))
            .collect()
    }

    /// One document.
    pub fn document(&self, id: Id) -> Result<Document> {
        self.get(DOCUMENTS, "document", id)
    }

    /// The full text of one version of a document.
    pub fn document_version(&self, doc: Id, version: u32) -> Result<DocumentVersion> {
        match self.tree(VERSIONS)?.get(version_key(doc, version))? {
            Some(b) => decode(&b),
            None => {
                self.document(doc)?;
                Err(StoreError::NotFound {
                    entity: "version",
                    id: u64::from(version),
                })
            }
        }
    }
}
