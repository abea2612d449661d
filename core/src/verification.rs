//! Tutor verification: what a profile's verification status is, given its documents. Pure.
//!
//! A tutor is verified when an admin approved their identity card (`ktp`) and at least one
//! proof of qualification (`diploma` or `certificate`). Otherwise the status follows the
//! documents: `pending` while any awaits review, `rejected` (with the admin's latest note)
//! when the last reviews refused something and nothing awaits, `none` without documents.

use crate::types::{DocType, DocumentStatus, TutorDocument, VerificationStatus};

/// The profile's verification status and note, from all its documents.
pub fn status_of(docs: &[TutorDocument]) -> (VerificationStatus, Option<String>) {
    let approved = |kinds: &[DocType]| {
        docs.iter().any(|d| {
            d.status == DocumentStatus::Approved && d.doc_type.is_some_and(|k| kinds.contains(&k))
        })
    };
    if approved(&[DocType::Ktp]) && approved(&[DocType::Diploma, DocType::Certificate]) {
        return (VerificationStatus::Approved, None);
    }
    if docs.iter().any(|d| d.status == DocumentStatus::Pending) {
        return (VerificationStatus::Pending, None);
    }
    let last_rejection = docs
        .iter()
        .filter(|d| d.status == DocumentStatus::Rejected)
        .max_by_key(|d| (d.reviewed_at, d.id));
    match last_rejection {
        Some(d) => (VerificationStatus::Rejected, d.note.clone()),
        // Reviewed and approved, but not yet the required set.
        None if !docs.is_empty() => (VerificationStatus::Pending, None),
        None => (VerificationStatus::None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{DocumentId, TutorProfileId};
    use chrono::{TimeZone, Utc};

    fn doc(kind: DocType, status: DocumentStatus, minute: u32, note: &str) -> TutorDocument {
        let at = Utc.with_ymd_and_hms(2026, 11, 25, 1, minute, 0).unwrap();
        TutorDocument {
            id: DocumentId::new(),
            tutor_profile_id: TutorProfileId::new(),
            doc_type: Some(kind),
            file_url: "https://files.example/x.pdf".into(),
            status,
            reviewed_by: None,
            reviewed_at: (status != DocumentStatus::Pending).then_some(at),
            note: (!note.is_empty()).then(|| note.to_string()),
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn the_required_set_verifies() {
        use DocType::*;
        use DocumentStatus::*;
        assert_eq!(status_of(&[]), (VerificationStatus::None, None));
        assert_eq!(
            status_of(&[doc(Ktp, Pending, 0, "")]).0,
            VerificationStatus::Pending
        );
        assert_eq!(
            status_of(&[doc(Ktp, Approved, 0, "")]).0,
            VerificationStatus::Pending,
            "approved so far, still short of the required set"
        );
        assert_eq!(
            status_of(&[doc(Ktp, Approved, 0, ""), doc(Portfolio, Approved, 1, "")]).0,
            VerificationStatus::Pending
        );
        assert_eq!(
            status_of(&[doc(Ktp, Approved, 0, ""), doc(Certificate, Approved, 1, "")]).0,
            VerificationStatus::Approved
        );
        assert_eq!(
            status_of(&[
                doc(Ktp, Rejected, 0, "blurry"),
                doc(Diploma, Rejected, 2, "not yours"),
                doc(Other, Approved, 3, ""),
            ]),
            (VerificationStatus::Rejected, Some("not yours".into()))
        );
        // A resubmission puts it back in review; approval of the set wins over old refusals.
        assert_eq!(
            status_of(&[doc(Ktp, Rejected, 0, "blurry"), doc(Ktp, Pending, 1, "")]).0,
            VerificationStatus::Pending
        );
        assert_eq!(
            status_of(&[
                doc(Ktp, Rejected, 0, "blurry"),
                doc(Ktp, Approved, 1, ""),
                doc(Diploma, Approved, 2, "")
            ])
            .0,
            VerificationStatus::Approved
        );
    }
}
