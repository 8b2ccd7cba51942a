CREATE SCHEMA "New Area";
CREATE TABLE "New Area"."Mixed Case" ("Id" integer PRIMARY KEY, "order" text, "user" text);
CREATE INDEX "Mixed Case order" ON "New Area"."Mixed Case" ("order");
