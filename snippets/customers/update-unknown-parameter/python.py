import vinr

try:
    vinr.Customer.modify("cust_8aZ2", nickname="Jen")
except vinr.InvalidRequestError as err:
    print(err.http_status, err.code, err.param)
