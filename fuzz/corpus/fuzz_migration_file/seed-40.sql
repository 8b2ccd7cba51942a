CREATE SCHEMA app;
CREATE TABLE app.t (id integer CONSTRAINT t_pk PRIMARY KEY, v text);
CREATE INDEX t_v_idx ON app.t (v);
CREATE VIEW app.v AS SELECT id FROM app.t;
CREATE FUNCTION app.f() RETURNS integer LANGUAGE sql AS 'SELECT 1';
CREATE SEQUENCE app.s;
CREATE TYPE app.e AS ENUM ('x');
COMMENT ON TABLE app.t IS 'old table comment';
COMMENT ON COLUMN app.t.v IS 'drop me';
