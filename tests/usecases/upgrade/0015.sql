-- The configuration's source: a file, as an installation has it.
INSERT INTO configuration_source (id, kind, name, loaded_at) VALUES (1, 'file', '/etc/onthaal/onthaal.toml', 1795424400000);
