-- Written by hand (the index is not a Prisma model): an FTS5 index of the user search's four text
-- columns with the trigram tokenizer, which answers "contains" for patterns of three characters or
-- more (src/users/search-path.ts, docs/search.md). It stores no text of its own (content='User'):
-- it indexes User's rows by rowid and reads their text back from User when it needs it.
--
-- Kept in step by the triggers below, in the same transaction as the change. A later migration
-- that rebuilds "User" (Prisma's RedefineTables: new table, copy, drop, rename) drops these
-- triggers with the old table and may renumber rowids: it must create them again and end with
-- INSERT INTO "UserSearchFts"("UserSearchFts") VALUES ('rebuild'); as this one does. So must a
-- VACUUM, which may renumber the rowids of a table without an INTEGER PRIMARY KEY. Until then the
-- search stays right — every filter is checked again on the user's own row — but may miss users.
CREATE VIRTUAL TABLE "UserSearchFts" USING fts5(
  "username", "email", "firstNameSearch", "lastNameSearch",
  content = 'User', content_rowid = 'rowid', tokenize = 'trigram'
);

CREATE TRIGGER "User_search_fts_insert" AFTER INSERT ON "User" BEGIN
  INSERT INTO "UserSearchFts" ("rowid", "username", "email", "firstNameSearch", "lastNameSearch")
  VALUES (new."rowid", new."username", new."email", new."firstNameSearch", new."lastNameSearch");
END;

CREATE TRIGGER "User_search_fts_delete" AFTER DELETE ON "User" BEGIN
  INSERT INTO "UserSearchFts" ("UserSearchFts", "rowid", "username", "email", "firstNameSearch", "lastNameSearch")
  VALUES ('delete', old."rowid", old."username", old."email", old."firstNameSearch", old."lastNameSearch");
END;

-- Only a change of an indexed column re-indexes the row: sign-ins, locks and status changes do not.
CREATE TRIGGER "User_search_fts_update" AFTER UPDATE OF "username", "email", "firstNameSearch", "lastNameSearch" ON "User" BEGIN
  INSERT INTO "UserSearchFts" ("UserSearchFts", "rowid", "username", "email", "firstNameSearch", "lastNameSearch")
  VALUES ('delete', old."rowid", old."username", old."email", old."firstNameSearch", old."lastNameSearch");
  INSERT INTO "UserSearchFts" ("rowid", "username", "email", "firstNameSearch", "lastNameSearch")
  VALUES (new."rowid", new."username", new."email", new."firstNameSearch", new."lastNameSearch");
END;

-- The users that exist already.
INSERT INTO "UserSearchFts" ("UserSearchFts") VALUES ('rebuild');
