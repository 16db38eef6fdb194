-- The team server's schema: teams and their members and tokens, shared workspaces, the current state of every
-- record, the append-only history of every accepted write, the answers to every change id (idempotent pushes), and
-- content-addressed snapshot bodies. Ids never leave the server: the wire names teams, members and workspaces.
--
-- Record data is `json`, not `jsonb`: jsonb cannot hold U+0000, which text extracted from a PDF can contain, and
-- the server never queries inside a record (it reads a snapshot's sha256 in Rust), so the text is kept as sent.

CREATE TABLE teams (
    id          bigserial PRIMARY KEY,
    name        text NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE members (
    id          bigserial PRIMARY KEY,
    team_id     bigint NOT NULL REFERENCES teams(id),
    name        text NOT NULL,
    role        text NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
    revoked     boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (team_id, name)
);

-- Only the SHA-256 of a token is kept: a copy of the database gives no working token.
CREATE TABLE tokens (
    hash        bytea PRIMARY KEY,
    member_id   bigint NOT NULL REFERENCES members(id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz
);
CREATE INDEX tokens_member ON tokens(member_id);

CREATE TABLE workspaces (
    id          bigserial PRIMARY KEY,
    team_id     bigint NOT NULL REFERENCES teams(id),
    name        text NOT NULL,
    -- The next desk number handed out by a join (desk_id_floor in claimdesk-sync).
    next_desk   integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (team_id, name)
);

CREATE TABLE desks (
    workspace_id bigint NOT NULL REFERENCES workspaces(id),
    desk         integer NOT NULL,
    member_id    bigint NOT NULL REFERENCES members(id),
    joined_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, desk)
);

-- The current state of each record.
CREATE TABLE records (
    workspace_id bigint NOT NULL REFERENCES workspaces(id),
    kind         text NOT NULL,
    key          text NOT NULL,
    version      bigint NOT NULL,
    data         json NOT NULL,
    by_member    bigint NOT NULL REFERENCES members(id),
    desk         integer NOT NULL,
    at_ms        bigint NOT NULL,
    PRIMARY KEY (workspace_id, kind, key)
);

-- Every accepted write, never updated or deleted: the history (who, which desk, when) and what pulls read.
CREATE TABLE writes (
    seq          bigserial PRIMARY KEY,
    workspace_id bigint NOT NULL REFERENCES workspaces(id),
    kind         text NOT NULL,
    key          text NOT NULL,
    version      bigint NOT NULL,
    data         json NOT NULL,
    by_member    bigint NOT NULL REFERENCES members(id),
    desk         integer NOT NULL,
    at_ms        bigint NOT NULL,
    desk_at_ms   bigint NOT NULL,
    change_id    text NOT NULL,
    UNIQUE (workspace_id, kind, key, version)
);
CREATE INDEX writes_pull ON writes(workspace_id, seq);

-- The first answer to every change id: a retried push gets it again instead of a second write.
CREATE TABLE changes (
    workspace_id bigint NOT NULL REFERENCES workspaces(id),
    change_id    text NOT NULL,
    result       json NOT NULL,
    by_member    bigint NOT NULL REFERENCES members(id),
    at_ms        bigint NOT NULL,
    PRIMARY KEY (workspace_id, change_id)
);

-- Snapshot bodies per team, addressed by the lower-case hex SHA-256 of the body (checked on upload).
CREATE TABLE blobs (
    team_id     bigint NOT NULL REFERENCES teams(id),
    sha256      text NOT NULL,
    body        bytea NOT NULL,
    by_member   bigint NOT NULL REFERENCES members(id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, sha256)
);
