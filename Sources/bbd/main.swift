print("bbd")
