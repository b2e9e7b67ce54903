// placeholder so the glob matches a file
