package dev.resilience.postgres;

import java.util.List;

/** A schema with every object kind a logical backup captures, plus some it does not (function, trigger). */
final class ShopSchema {
  static final List<String> TABLES = List.of("shop.customers", "shop.orders", "shop.invoices", "public.audit");

  private ShopSchema() {}

  static void create(PostgresConnection pg) {
    TestServers.exec(pg,
        "CREATE SCHEMA shop",
        "CREATE TABLE shop.customers (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE, name text,"
            + " created_at timestamptz NOT NULL DEFAULT now(), CONSTRAINT email_has_at CHECK (position('@' in email) > 0))",
        "CREATE TABLE shop.orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
            + " customer_id bigint NOT NULL REFERENCES shop.customers(id) ON DELETE CASCADE,"
            + " amount numeric(12,2) NOT NULL CHECK (amount >= 0), note text,"
            + " with_tax numeric GENERATED ALWAYS AS (amount * 1.2) STORED, payload jsonb, tags text[],"
            + " placed_at timestamptz DEFAULT now())",
        "CREATE INDEX orders_customer_idx ON shop.orders (customer_id)",
        "CREATE INDEX orders_note_idx ON shop.orders (lower(note)) WHERE note IS NOT NULL",
        "CREATE SEQUENCE shop.invoice_no START 1000 INCREMENT 5",
        "CREATE TABLE shop.invoices (no int PRIMARY KEY DEFAULT nextval('shop.invoice_no'),"
            + " order_id bigint UNIQUE REFERENCES shop.orders(id), data bytea)",
        "CREATE VIEW shop.big_orders AS SELECT o.id, c.email, o.amount FROM shop.orders o"
            + " JOIN shop.customers c ON c.id = o.customer_id WHERE o.amount > 100",
        "CREATE VIEW shop.big_order_count AS SELECT count(*) AS n FROM shop.big_orders",
        "CREATE FUNCTION shop.touch() RETURNS trigger LANGUAGE plpgsql AS"
            + " $$BEGIN NEW.note := coalesce(NEW.note, ''); RETURN NEW; END$$",
        "CREATE TRIGGER orders_touch BEFORE INSERT ON shop.orders FOR EACH ROW EXECUTE FUNCTION shop.touch()",
        "CREATE TABLE public.audit (id serial PRIMARY KEY, at timestamptz, msg text)");
  }

  static void fill(PostgresConnection pg) {
    TestServers.exec(pg,
        "INSERT INTO shop.customers (email, name) SELECT 'c' || i || '@example.com',"
            + " CASE WHEN i % 7 = 0 THEN NULL ELSE E'Name \\t' || i || E'\\n\\\\ \u00e9\u00e8 \"q\"' END"
            + " FROM generate_series(1, 2000) i",
        "INSERT INTO shop.orders (customer_id, amount, note, payload, tags) SELECT 1 + (i % 2000), (i % 300) + 0.25,"
            + " CASE WHEN i % 3 = 0 THEN NULL ELSE 'note ' || i END, jsonb_build_object('i', i, 'odd', i % 2 = 1),"
            + " ARRAY['t' || (i % 5), 'x'] FROM generate_series(1, 5000) i",
        "INSERT INTO shop.invoices (order_id, data) SELECT i, decode(md5(i::text), 'hex') FROM generate_series(1, 300) i",
        "INSERT INTO public.audit (at, msg) SELECT now() - i * interval '1 minute', 'event ' || i"
            + " FROM generate_series(1, 100) i");
  }
}
