package issue
