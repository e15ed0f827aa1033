-- Suspects of a case who are not on the drug users' register (a trafficker
-- who does not use drugs, say): name, ID number (encrypted, with a blind
-- index like the register's) and part. They count among a case's suspects
-- and in the minors' share; the link graph holds persons on the register.
CREATE TABLE case_subjects (
    id TEXT NOT NULL PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases(id),
    name TEXT NOT NULL,
    id_number_enc BLOB NOT NULL,
    id_number_bidx BLOB NOT NULL,
    birth_date TEXT NOT NULL,
    role TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    UNIQUE (case_id, id_number_bidx)
);
