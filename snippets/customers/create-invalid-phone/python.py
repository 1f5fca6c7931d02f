import vinr

try:
    vinr.Customer.create(email="jenny@example.com", phone="415-555-2671")
except vinr.InvalidRequestError as err:
    print(err.http_status, err.code, err.param)
