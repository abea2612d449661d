-- Blajarplus core: inquiries still waiting for the tutor's first answer.
--
-- A tutor's response rate (core/src/chat.rs) changes when they answer a student's inquiry, and
-- also when an inquiry stays unanswered past the response window, a moment at which nobody
-- writes anything. One row per unanswered inquiry: written with the student's first message,
-- deleted by the tutor's first answer, or taken by Marketplace::run_due once the window has
-- passed, which then recomputes that tutor's rate.
CREATE TABLE unanswered_inquiries (
  conversation_id UUID PRIMARY KEY CONSTRAINT unanswered_inquiries_conversation_id_fkey REFERENCES conversations(id) ON DELETE CASCADE,
  tutor_profile_id UUID NOT NULL CONSTRAINT unanswered_inquiries_tutor_profile_id_fkey REFERENCES tutor_profiles(id) ON DELETE CASCADE,
  asked_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX idx_unanswered_inquiries_asked_at ON unanswered_inquiries(asked_at);

-- The inquiries already waiting: the conversation's first message is the student's, and the
-- tutor has not written in it.
INSERT INTO unanswered_inquiries (conversation_id, tutor_profile_id, asked_at)
SELECT c.id, c.tutor_profile_id, f.created_at
FROM conversations c JOIN messages f ON f.conversation_id = c.id
WHERE f.sender_user_id = c.student_id
  AND f.id = (SELECT m.id FROM messages m WHERE m.conversation_id = c.id
              ORDER BY m.created_at, m.id LIMIT 1)
  AND NOT EXISTS (SELECT 1 FROM messages a
                  WHERE a.conversation_id = c.id AND a.sender_user_id <> c.student_id);
