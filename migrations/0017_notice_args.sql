-- Notices are kept as their kind and arguments (issue 22): the inbox renders them from the
-- catalogue when read, in the reader's language. `title` and `body` stay: the e-mail's
-- text, and what the inbox shows for notices sent before this.
ALTER TABLE notices ADD COLUMN args jsonb;
