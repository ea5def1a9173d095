-- An error stops the file.
SELECT no_such_function(1);
SELECT 1;
