CREATE SCHEMA old_area;
CREATE TABLE old_area.t (id integer);
CREATE VIEW old_area.v AS SELECT id FROM old_area.t;
