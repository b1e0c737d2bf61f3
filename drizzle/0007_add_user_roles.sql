ALTER TABLE `users` ADD `role` text DEFAULT 'viewer' NOT NULL;--> statement-breakpoint
-- Every account before roles was the admin: it stays one.
UPDATE `users` SET `role` = 'admin';
