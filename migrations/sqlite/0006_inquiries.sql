-- Blajarplus core: inquiries still waiting for the tutor's first answer (see
-- migrations/postgres/0006_inquiries.sql for why). The same table as on PostgreSQL.
CREATE TABLE unanswered_inquiries (
  conversation_id TEXT PRIMARY KEY NOT NULL CONSTRAINT unanswered_inquiries_conversation_id_fkey REFERENCES conversations(id) ON DELETE CASCADE,
  tutor_profile_id TEXT NOT NULL CONSTRAINT unanswered_inquiries_tutor_profile_id_fkey REFERENCES tutor_profiles(id) ON DELETE CASCADE,
  asked_at TEXT NOT NULL
);

CREATE INDEX idx_unanswered_inquiries_asked_at ON unanswered_inquiries(asked_at);

INSERT INTO unanswered_inquiries (conversation_id, tutor_profile_id, asked_at)
SELECT c.id, c.tutor_profile_id, f.created_at
FROM conversations c JOIN messages f ON f.conversation_id = c.id
WHERE f.sender_user_id = c.student_id
  AND f.id = (SELECT m.id FROM messages m WHERE m.conversation_id = c.id
              ORDER BY m.created_at, m.id LIMIT 1)
  AND NOT EXISTS (SELECT 1 FROM messages a
                  WHERE a.conversation_id = c.id AND a.sender_user_id <> c.student_id);
