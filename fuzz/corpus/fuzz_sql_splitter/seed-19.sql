CREATE SCHEMA sales;
CREATE SCHEMA crm;
CREATE TABLE crm.customers (id integer PRIMARY KEY, code text UNIQUE);
CREATE TABLE sales.orders (id integer PRIMARY KEY, customer_id integer, customer_code text,
    CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES crm.customers (id)
        ON DELETE CASCADE ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT orders_code_fk FOREIGN KEY (customer_code) REFERENCES crm.customers (code) MATCH FULL ON DELETE RESTRICT);
