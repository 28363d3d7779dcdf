-- On H2, CHARACTER LARGE OBJECT values above a few hundred bytes live in separate LOB storage, and
-- reading one costs a lookup of its own: a history of 100 result objects spent most of its time
-- there. ${inline_text} is H2's CHARACTER VARYING (stored in the row) and stays TEXT on PostgreSQL.
ALTER TABLE result_events ALTER COLUMN result_json SET DATA TYPE ${inline_text};
ALTER TABLE jobs ALTER COLUMN partner_params SET DATA TYPE ${inline_text};
ALTER TABLE jobs ALTER COLUMN inputs SET DATA TYPE ${inline_text};
