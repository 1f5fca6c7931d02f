import vinr

try:
    vinr.Customer.create(email="jenny@example.com", nickname="Jen")
except vinr.InvalidRequestError as err:
    print(err.http_status, err.code, err.param)
